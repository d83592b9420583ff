package dev.tandem.client;

import java.util.List;

/**
 * The answer to {@link TandemClient#sendFeedback}: the valid events were committed before the
 * answer was sent; the others are listed with their index in the batch and the reason.
 *
 * @param accepted how many events were committed
 * @param rejected the refused events, in batch order
 */
public record FeedbackResult(int accepted, List<Rejection> rejected) {

  /** Copies the list. */
  public FeedbackResult {
    rejected = rejected == null ? List.of() : List.copyOf(rejected);
  }

  /**
   * One refused event.
   *
   * @param index its position in the batch sent
   * @param error why, naming the field, the value and what was expected
   */
  public record Rejection(int index, String error) {}
}
