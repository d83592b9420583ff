package dev.tandem.core.explain;

/**
 * A category or tag of a recommended item that the user's history has too. Immutable.
 *
 * @param label the lower-case category or tag
 * @param becauseCount how many of the {@link Because} items carry it
 * @param historyCount how many distinct positive history items carry it (>= becauseCount, >= 1)
 */
public record SharedLabel(String label, int becauseCount, int historyCount) {
  /** Validates. */
  public SharedLabel {
    if (label == null || label.isEmpty()) {
      throw new IllegalArgumentException("label must be non-empty");
    }
    if (becauseCount < 0 || historyCount < 1 || becauseCount > historyCount) {
      throw new IllegalArgumentException("counts (because " + becauseCount + ", history " + historyCount
          + ") must satisfy 0 <= because <= history and history >= 1");
    }
  }
}
