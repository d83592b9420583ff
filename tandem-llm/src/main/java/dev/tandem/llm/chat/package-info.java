/**
 * Chat models: the {@link dev.tandem.llm.chat.ChatModel} SPI (its client for any OpenAI-compatible
 * {@code POST /v1/chat/completions} endpoint is {@link dev.tandem.llm.openai.OpenAiChatModel}) and
 * its guarded uses: {@link dev.tandem.llm.chat.LlmIntentParser} (intent parsing, validated against
 * the catalogue, with an in-process fallback), {@link dev.tandem.llm.chat.LlmReranker} (a
 * permutation of the candidates or the fused order) and {@link dev.tandem.llm.chat.PiiScrubber}
 * (personal data out of every text that leaves the process). Every use has an in-process fallback
 * and checks the model's output; item texts and user messages are data, never instructions.
 */
package dev.tandem.llm.chat;
