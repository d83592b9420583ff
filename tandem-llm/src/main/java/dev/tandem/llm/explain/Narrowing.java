package dev.tandem.llm.explain;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One hard constraint of a request that came up short, with how many catalogue items satisfy it
 * alone and how many satisfy all the request's other constraints but not necessarily it
 * (leave-one-out). A client can tell the user "only 2 books under 100 pages match; without that
 * limit there would be 14" from the one with the largest {@code withoutIt}.
 *
 * <p>Immutable.
 *
 * @param kind what sort of constraint it is
 * @param terms the label (include), the labels (include-any), the word or label (exclude), the
 *     attribute (range); empty for seen and available
 * @param min a range's lower bound ({@code -inf} when open; {@code -inf} for other kinds)
 * @param max a range's upper bound ({@code +inf} when open; {@code +inf} for other kinds)
 * @param alone how many catalogue items satisfy this constraint alone (>= 0)
 * @param withoutIt how many catalogue items satisfy every other constraint of the request (>= 0)
 */
public record Narrowing(Kind kind, List<String> terms, double min, double max, int alone, int withoutIt) {
  /** The sorts of hard constraint. */
  public enum Kind {
    /** An included catalogue label the item must carry. */
    INCLUDE,
    /** Several included labels of which the item must carry one (a relaxed request). */
    INCLUDE_ANY,
    /** An excluded label or word the item must neither carry nor say. */
    EXCLUDE,
    /** A numeric range the item's attribute must lie in. */
    RANGE,
    /** The item is none the user has seen, turned down or named as a reference. */
    SEEN,
    /** The item is available. */
    AVAILABLE;

    /** The lower-case JSON name ({@code include_any}, ...). */
    public String json() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Validates and copies. */
  public Narrowing {
    Objects.requireNonNull(kind, "kind");
    terms = List.copyOf(terms);
    if (alone < 0 || withoutIt < 0) {
      throw new IllegalArgumentException("alone (" + alone + ") and withoutIt (" + withoutIt + ") must be >= 0");
    }
    if (Double.isNaN(min) || Double.isNaN(max) || min > max) {
      throw new IllegalArgumentException("range [" + min + ", " + max + "] must have min <= max, neither NaN");
    }
  }

  /** A constraint other than a range. */
  public static Narrowing of(Kind kind, List<String> terms, int alone, int withoutIt) {
    return new Narrowing(kind, terms, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, alone, withoutIt);
  }

  /**
   * The constraint in a few words, as JSON and the CLI show it: {@code mystery}, {@code any of cosy,
   * dark}, {@code not dark}, {@code pages <= 100}, {@code 100 <= pages <= 300}, {@code not seen},
   * {@code available}.
   */
  public String describe() {
    return switch (kind) {
      case INCLUDE -> terms.get(0);
      case INCLUDE_ANY -> "any of " + String.join(", ", terms);
      case EXCLUDE -> "not " + terms.get(0);
      case RANGE -> Double.isInfinite(min) ? terms.get(0) + " <= " + number(max)
          : Double.isInfinite(max) ? terms.get(0) + " >= " + number(min)
          : number(min) + " <= " + terms.get(0) + " <= " + number(max);
      case SEEN -> "not seen, turned down or referenced";
      case AVAILABLE -> "available";
    };
  }

  /**
   * The constraint that narrowed a request most: of those whose leave-one-out count exceeds
   * {@code matching} (the items meeting every constraint), the one with the largest; on ties the
   * first. Empty when no single constraint narrowed it (dropping any one admits nothing more).
   */
  public static Optional<Narrowing> narrowest(List<Narrowing> constraints, int matching) {
    Narrowing best = null;
    for (Narrowing c : constraints) {
      if (c.withoutIt() > matching && (best == null || c.withoutIt() > best.withoutIt())) {
        best = c;
      }
    }
    return Optional.ofNullable(best);
  }

  /** {@code x} without a trailing {@code .0}. */
  static String number(double x) {
    return x == Math.rint(x) && Math.abs(x) < 1e15 ? Long.toString((long) x) : Double.toString(x);
  }
}
