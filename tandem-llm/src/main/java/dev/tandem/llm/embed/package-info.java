/**
 * Text embeddings: the {@link dev.tandem.llm.embed.Embedder} SPI and in-process ONNX embedders
 * ({@link dev.tandem.llm.embed.OnnxEmbedder}, built-in models from {@link dev.tandem.llm.embed.Embedders}).
 */
package dev.tandem.llm.embed;
