package dev.tandem.core.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Validated parameter values of one model type: the values set explicitly (overrides) over the
 * declared defaults of its {@link ParamSet}, and for a fused model the nested overrides of each
 * channel. This is how parameters travel between modules: text exists only at the edges (the
 * configuration file, {@code --param}, a REST body, a snapshot header) and is parsed there by
 * {@link ParamSet#parse}.
 *
 * <p>Immutable and thread-safe; equal when the model and the overrides are equal.
 */
public final class ParamValues {
  private final ParamSet set;
  private final Map<String, Object> values;
  private final List<String> channels;
  private final Map<String, ParamValues> nested;

  ParamValues(ParamSet set, Map<String, Object> values, List<String> channels, Map<String, ParamValues> nested) {
    this.set = set;
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.channels = List.copyOf(channels);
    this.nested = Collections.unmodifiableMap(new LinkedHashMap<>(nested));
  }

  /** The model type's name. */
  public String model() {
    return set.model();
  }

  /** The declaration these values follow. */
  public ParamSet declaration() {
    return set;
  }

  /**
   * The value of {@code p}: the override, else the default.
   *
   * @throws IllegalArgumentException if {@code p} is not a parameter of this model
   */
  public <T> T get(Param<T> p) {
    if (!set.declares(p)) {
      throw new IllegalArgumentException("parameter (" + p.name() + ") is not one of " + set);
    }
    Object v = values.get(p.name());
    @SuppressWarnings("unchecked")
    T t = v == null ? p.defaultValue() : (T) v;
    return t;
  }

  /** Whether {@code p} was set explicitly. */
  public boolean isSet(Param<?> p) {
    return values.containsKey(p.name());
  }

  /** Whether nothing is set (every value at its default, no nested override). */
  public boolean isEmpty() {
    return values.isEmpty() && nested.isEmpty();
  }

  /** A fused model's channel names, in order; empty for other models. */
  public List<String> channels() {
    return channels;
  }

  /** A fused model's nested overrides by channel, for the channels that have any; empty otherwise. */
  public Map<String, ParamValues> nested() {
    return nested;
  }

  /**
   * Every parameter's effective value as text, in declaration order, followed for a fused model
   * by {@code CHANNEL.KEY} for each nested override (its effective value). What reports,
   * snapshots and {@code tandem tune} show.
   */
  public Map<String, String> describe() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Param<?> p : set.params()) {
      Object v = values.get(p.name());
      out.put(p.name(), v == null ? p.formatDefault() : p.formatObject(v));
    }
    nested.forEach((c, v) -> v.overrides().forEach((k, x) -> out.put(c + "." + k, x)));
    return out;
  }

  /**
   * The overrides as text ({@code CHANNEL.KEY} for nested ones): what {@link ParamSet#parse}
   * reads back to equal values.
   */
  public Map<String, String> overrides() {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((k, v) -> out.put(k, set.param(k).formatObject(v)));
    nested.forEach((c, v) -> v.overrides().forEach((k, x) -> out.put(c + "." + k, x)));
    return out;
  }

  /**
   * These values with {@code top}'s overrides on top (a run's parameters over the configured
   * ones), validated together (a nested override must name a channel of the result).
   *
   * @throws IllegalArgumentException if {@code top} is of another model, or the result is invalid
   */
  public ParamValues with(ParamValues top) {
    if (top.set != set) {
      throw new IllegalArgumentException("parameters of " + top.model() + " cannot override those of " + model());
    }
    if (top.isEmpty()) {
      return this;
    }
    Map<String, String> merged = new LinkedHashMap<>(overrides());
    merged.putAll(top.overrides());
    return set.parse(merged);
  }

  /**
   * For a fused model, these values with each channel's {@code configured} overrides added as
   * nested defaults where not already set (so a fusion's EASE is the configured EASE); these
   * values unchanged for other models.
   */
  public ParamValues withChannelDefaults(Function<String, ParamValues> configured) {
    if (!set.hasChannels()) {
      return this;
    }
    Map<String, String> merged = new LinkedHashMap<>(overrides());
    for (String c : channels) {
      configured.apply(c).overrides().forEach((k, v) -> merged.putIfAbsent(c + "." + k, v));
    }
    return set.parse(merged);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ParamValues v && v.set == set && v.overrides().equals(overrides());
  }

  @Override
  public int hashCode() {
    return model().hashCode() * 31 + overrides().hashCode();
  }

  @Override
  public String toString() {
    return model() + overrides();
  }
}
