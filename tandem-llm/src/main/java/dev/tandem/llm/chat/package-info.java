/**
 * Chat models: the {@link dev.tandem.llm.chat.ChatModel} SPI and a client for any
 * OpenAI-compatible {@code POST /v1/chat/completions} endpoint. Used for intent parsing, generated
 * explanations and reranking; every use has an in-process fallback and checks the model's output.
 */
package dev.tandem.llm.chat;
