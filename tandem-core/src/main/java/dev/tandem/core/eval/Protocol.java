package dev.tandem.core.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * The evaluation protocols of design.md, by their shared names. See {@link Splitter} for the
 * exact definition of each.
 */
public enum Protocol {
  /** Strong generalisation (Liang et al. 2018): test users are never in training. */
  HOLDOUT_USERS("holdout-users"),
  /** Each user's latest positive is the target, the earlier ones history (and training). */
  LEAVE_LAST_OUT("leave-last-out"),
  /** A global time cut at a quantile of the positives' timestamps. */
  TEMPORAL("temporal"),
  /** Per user, a random 20% of positives are targets. */
  RANDOM("random"),
  /** A random 20% of items are held out with all their interactions. */
  COLD_ITEMS("cold-items"),
  /** A random 20% of explicit ratings are held out, values kept (RMSE, MAE). */
  RATINGS("ratings");

  private final String id;

  Protocol(String id) {
    this.id = id;
  }

  /** The shared name, e.g. {@code "holdout-users"}. */
  public String id() {
    return id;
  }

  /**
   * The protocol called {@code name}.
   *
   * @throws IllegalArgumentException naming the value and the known names
   */
  public static Protocol of(String name) {
    for (Protocol p : values()) {
      if (p.id.equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("protocol (" + name + ") must be one of " + ids());
  }

  /** All shared names, in declaration order. */
  public static List<String> ids() {
    List<String> out = new ArrayList<>();
    for (Protocol p : values()) {
      out.add(p.id);
    }
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    return id;
  }
}
