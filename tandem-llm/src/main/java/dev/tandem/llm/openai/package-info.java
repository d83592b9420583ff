/**
 * Clients for OpenAI-compatible services: embeddings ({@code POST /v1/embeddings},
 * {@link dev.tandem.llm.openai.OpenAiEmbedder}) and chat completions
 * ({@code POST /v1/chat/completions}, {@link dev.tandem.llm.openai.OpenAiChatModel}) — OpenAI,
 * Azure OpenAI proxies, vLLM, Ollama, text-embeddings-inference, LiteLLM and the like. They share
 * retry timing (back-off, {@code Retry-After}) and the client-side rate limit.
 */
package dev.tandem.llm.openai;
