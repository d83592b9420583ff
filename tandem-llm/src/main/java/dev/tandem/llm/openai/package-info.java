/**
 * A client for OpenAI-compatible embedding services ({@code POST /v1/embeddings}): OpenAI, Azure
 * OpenAI proxies, vLLM, Ollama, text-embeddings-inference, LiteLLM and the like.
 */
package dev.tandem.llm.openai;
