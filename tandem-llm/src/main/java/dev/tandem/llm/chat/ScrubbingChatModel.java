package dev.tandem.llm.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link ChatModel} that passes every message through {@link PiiScrubber} before the wrapped
 * model sees it: the guard for callers that send free text (explanations, introductions) and do
 * not scrub themselves. The system message is left as is (it is the caller's own text). Note that
 * digit-only item ids of 13 to 19 digits (EAN, ISBN-13) look like card numbers and are scrubbed
 * too: callers that need ids back ({@link LlmReranker}) scrub their texts themselves instead.
 * Thread-safe when the wrapped model is; {@link #close()} closes it.
 */
public final class ScrubbingChatModel implements ChatModel {
  private final ChatModel model;

  /** Wraps {@code model}. */
  public ScrubbingChatModel(ChatModel model) {
    this.model = Objects.requireNonNull(model, "model");
  }

  /** The wrapped model's id. */
  @Override
  public String id() {
    return model.id();
  }

  /** Sends {@code request} with its user and assistant messages scrubbed. */
  @Override
  public ChatReply chat(ChatRequest request) {
    List<ChatMessage> scrubbed = new ArrayList<>(request.messages().size());
    for (ChatMessage m : request.messages()) {
      scrubbed.add(m.role().equals("system") ? m : new ChatMessage(m.role(), PiiScrubber.scrub(m.content())));
    }
    return model.chat(new ChatRequest(scrubbed, request.jsonSchema(), request.temperature(), request.maxTokens(),
        request.timeout()));
  }

  @Override
  public void close() {
    model.close();
  }
}
