package dev.tandem.core.model;

import dev.tandem.core.tune.Dimension;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * One declared hyper-parameter of a model type: its key, type, default, valid range, a one-line
 * description and, optionally, the range {@code tandem tune} searches. A model declares each
 * parameter once, as a constant, and lists the constants in its {@link ParamSet}; parsing,
 * validation, {@code describe}, the tuning search space, the documented {@code tandem.toml}
 * defaults and the CLI help are all derived from it.
 *
 * <p>Immutable and thread-safe.
 *
 * {@snippet :
 * static final Param<Double> LAMBDA = Param.decimal("lambda", 500, 0, false, Double.MAX_VALUE,
 *     "L2 regularisation of the item-item weights").tunedLog(10, 10_000);
 * }
 *
 * @param <T> the value type ({@code Integer}, {@code Double}, {@code Boolean}, {@code String} or a
 *     model-specific type)
 */
public final class Param<T> {

  /** Reads a value from its text form, throwing an {@link IllegalArgumentException} that names model, key and value. */
  @FunctionalInterface
  public interface Parser<T> {
    /**
     * The value of {@code text}.
     *
     * @param model the model name, for messages ({@code "ials"})
     * @throws IllegalArgumentException naming {@code model.key}, the value and the rule
     */
    T parse(String model, String text);
  }

  private final String name;
  private final String type;
  private final String rule;
  private final T defaultValue;
  private final Parser<T> parser;
  private final Function<T, String> format;
  private final String description;
  private final Dimension tune;

  private Param(String name, String type, String rule, T defaultValue, Parser<T> parser, Function<T, String> format,
      String description, Dimension tune) {
    if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("parameter name (" + name + ") must match [a-z][a-z0-9_]*");
    }
    if (description == null || description.isBlank()) {
      throw new IllegalArgumentException("parameter " + name + " must have a description");
    }
    this.name = name;
    this.type = type;
    this.rule = rule;
    this.defaultValue = defaultValue;
    this.parser = parser;
    this.format = format;
    this.description = description;
    this.tune = tune;
  }

  /**
   * A whole number in [min, max].
   *
   * @throws IllegalArgumentException if the default is outside the range
   */
  public static Param<Integer> integer(String name, int defaultValue, int min, int max, String description) {
    if (defaultValue < min || defaultValue > max) {
      throw new IllegalArgumentException(name + " default (" + defaultValue + ") must be in [" + min + ", " + max + "]");
    }
    String rule = max == Integer.MAX_VALUE ? (min == Integer.MIN_VALUE ? "any" : ">= " + min)
        : "in [" + min + ", " + max + "]";
    return new Param<>(name, "integer", rule, defaultValue, (model, v) -> {
      int x;
      try {
        x = Integer.parseInt(v.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(model + "." + name + " (" + v + ") must be a whole number");
      }
      if (x < min || x > max) {
        throw new IllegalArgumentException(model + "." + name + " (" + x + ") must be in [" + min + ", " + max + "]");
      }
      return x;
    }, x -> Integer.toString(x), description, null);
  }

  /**
   * A finite decimal number above {@code min} (or at it when {@code minInclusive}) and at most {@code max}
   * ({@link Double#MAX_VALUE} for no upper bound).
   *
   * @throws IllegalArgumentException if the default is outside the range
   */
  public static Param<Double> decimal(String name, double defaultValue, double min, boolean minInclusive, double max,
      String description) {
    String bounds = (minInclusive ? ">= " : "> ") + min + (max < Double.MAX_VALUE ? " and <= " + max : "");
    if (!ok(defaultValue, min, minInclusive, max)) {
      throw new IllegalArgumentException(name + " default (" + defaultValue + ") must be " + bounds);
    }
    return new Param<>(name, "decimal", bounds, defaultValue, (model, v) -> {
      double x;
      try {
        x = Double.parseDouble(v.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(model + "." + name + " (" + v + ") must be a number");
      }
      if (!ok(x, min, minInclusive, max)) {
        throw new IllegalArgumentException(model + "." + name + " (" + x + ") must be " + bounds + " and finite");
      }
      return x;
    }, x -> Double.toString(x), description, null);
  }

  private static boolean ok(double x, double min, boolean minInclusive, double max) {
    return Double.isFinite(x) && x <= max && x >= min && (minInclusive || x != min);
  }

  /** {@code true} or {@code false} (case-insensitive). */
  public static Param<Boolean> bool(String name, boolean defaultValue, String description) {
    return new Param<>(name, "boolean", "true or false", defaultValue, (model, v) ->
        switch (v.trim().toLowerCase(Locale.ROOT)) {
          case "true" -> true;
          case "false" -> false;
          default -> throw new IllegalArgumentException(model + "." + name + " (" + v + ") must be true or false");
        }, b -> Boolean.toString(b), description, null);
  }

  /**
   * One of {@code choices} (lower-case; a value is trimmed and lower-cased before matching).
   *
   * @throws IllegalArgumentException if the default is not a choice
   */
  public static Param<String> choice(String name, String defaultValue, List<String> choices, String description) {
    List<String> all = List.copyOf(choices);
    if (!all.contains(defaultValue)) {
      throw new IllegalArgumentException(name + " default (" + defaultValue + ") must be one of " + all);
    }
    return new Param<>(name, "choice", "one of " + String.join(", ", all), defaultValue, (model, v) -> {
      String x = v.trim().toLowerCase(Locale.ROOT);
      if (!all.contains(x)) {
        throw new IllegalArgumentException(model + "." + name + " (" + v + ") must be one of " + String.join(", ", all));
      }
      return x;
    }, x -> x, description, null);
  }

  /**
   * A value of a model-specific form (a list of names, of weights) with its own parser and text form.
   *
   * @param type the form, for help (e.g. {@code "list"})
   * @param rule what a valid value looks like, for help
   */
  public static <T> Param<T> of(String name, String type, String rule, T defaultValue, Parser<T> parser,
      Function<T, String> format, String description) {
    return new Param<>(name, type, rule, defaultValue, parser, format, description, null);
  }

  /** This parameter, searched by {@code tandem tune} uniformly in [low, high]. */
  public Param<T> tuned(double low, double high) {
    return new Param<>(name, type, rule, defaultValue, parser, format, description,
        new Dimension(name, low, high, type.equals("integer"), false));
  }

  /** This parameter, searched by {@code tandem tune} uniformly in log space over [low, high]. */
  public Param<T> tunedLog(double low, double high) {
    return new Param<>(name, type, rule, defaultValue, parser, format, description,
        new Dimension(name, low, high, type.equals("integer"), true));
  }

  /** The key, e.g. {@code lambda}. */
  public String name() {
    return name;
  }

  /** The value's form for help: integer, decimal, boolean, choice or a model-specific one. */
  public String type() {
    return type;
  }

  /** What a valid value is, for help, e.g. {@code in [1, 1024]} or {@code > 0.0}. */
  public String rule() {
    return rule;
  }

  /** The default value. */
  public T defaultValue() {
    return defaultValue;
  }

  /** One line on the parameter's effect, for help and the documented configuration. */
  public String description() {
    return description;
  }

  /** The range {@code tandem tune} searches; empty when the parameter is not tuned. */
  public Optional<Dimension> tune() {
    return Optional.ofNullable(tune);
  }

  /**
   * The value of {@code text}.
   *
   * @param model the model name, for messages
   * @throws IllegalArgumentException naming {@code model.key}, the value and the rule
   */
  public T parse(String model, String text) {
    return parser.parse(model, text);
  }

  /** {@code value} as text that {@link #parse} reads back to an equal value (what reports and snapshots show). */
  public String format(T value) {
    return format.apply(value);
  }

  /** The default as text. */
  public String formatDefault() {
    return format(defaultValue);
  }

  String formatObject(Object value) {
    @SuppressWarnings("unchecked")
    T t = (T) value;
    return format(t);
  }

  @Override
  public String toString() {
    return name + " (" + type + ", " + rule + ", default " + formatDefault() + ")";
  }
}
