package dev.tandem.core.model;

import dev.tandem.core.tune.Dimension;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The declared parameters of one model type, in declaration order: the single source from which
 * text overrides are parsed and validated ({@link #parse}), values described ({@link
 * ParamValues#describe}), the tuning search space derived ({@link #searchSpace}) and the documented
 * configuration and help written ({@link #toml}, {@link #help}).
 *
 * <p>A fused model's set also has nested parameters: a key {@code CHANNEL.KEY} is a parameter of
 * one of its channels (named by its {@linkplain #withChannels channels parameter}) and is
 * validated by that channel's own set.
 *
 * <p>Immutable and thread-safe.
 */
public final class ParamSet {
  private final String model;
  private final List<Param<?>> params;
  private final Map<String, Param<?>> byName;
  private final List<Param<?>> tuneOrder;
  private final Param<List<String>> channels;
  private final Function<String, ParamSet> channelSets;

  private ParamSet(String model, List<Param<?>> params, List<Param<?>> tuneOrder, Param<List<String>> channels,
      Function<String, ParamSet> channelSets) {
    this.model = model;
    this.params = List.copyOf(params);
    Map<String, Param<?>> m = new LinkedHashMap<>();
    for (Param<?> p : this.params) {
      if (m.putIfAbsent(p.name(), p) != null) {
        throw new IllegalArgumentException(model + " declares parameter " + p.name() + " twice");
      }
    }
    this.byName = Collections.unmodifiableMap(m);
    for (Param<?> p : tuneOrder) {
      require(p);
    }
    this.tuneOrder = List.copyOf(tuneOrder);
    this.channels = channels;
    this.channelSets = channelSets;
  }

  /**
   * The parameters of model {@code model}, in the order given (which {@link ParamValues#describe}
   * and the documentation keep).
   *
   * @throws IllegalArgumentException if two parameters share a name
   */
  public static ParamSet of(String model, Param<?>... params) {
    List<Param<?>> list = List.of(params);
    List<Param<?>> tuned = new ArrayList<>();
    for (Param<?> p : list) {
      if (p.tune().isPresent()) {
        tuned.add(p);
      }
    }
    return new ParamSet(model, list, tuned, null, null);
  }

  /**
   * This set with the tuned parameters searched in {@code order} (the default is declaration
   * order); the order fixes which random draw each dimension takes.
   *
   * @throws IllegalArgumentException if a parameter is not in the set or has no tuning range
   */
  public ParamSet tuneOrder(Param<?>... order) {
    for (Param<?> p : order) {
      if (p.tune().isEmpty()) {
        throw new IllegalArgumentException(model + "." + p.name() + " has no tuning range");
      }
    }
    return new ParamSet(model, params, List.of(order), channels, channelSets);
  }

  /**
   * This set with nested {@code CHANNEL.KEY} parameters for the channels that {@code channelList}
   * names, each validated by {@code setOf.apply(channel)}.
   *
   * @throws IllegalArgumentException if {@code channelList} is not in the set
   */
  public ParamSet withChannels(Param<List<String>> channelList, Function<String, ParamSet> setOf) {
    require(channelList);
    return new ParamSet(model, params, tuneOrder, channelList, setOf);
  }

  private void require(Param<?> p) {
    if (byName.get(p.name()) != p) {
      throw new IllegalArgumentException(model + " does not declare parameter " + p.name());
    }
  }

  /** The model type's name, e.g. {@code ials}. */
  public String model() {
    return model;
  }

  /** The parameters, in declaration order. */
  public List<Param<?>> params() {
    return params;
  }

  /** Whether {@code p} is one of this set's parameters. */
  public boolean declares(Param<?> p) {
    return byName.get(p.name()) == p;
  }

  /** Whether keys {@code CHANNEL.KEY} are nested parameters of channels. */
  public boolean hasChannels() {
    return channels != null;
  }

  /** The parameter naming the channels; empty for a model without channels. */
  Optional<Param<List<String>>> channelParam() {
    return Optional.ofNullable(channels);
  }

  /** Every value at its default. */
  public ParamValues defaults() {
    return parse(Map.of());
  }

  /**
   * The values that text overrides {@code overrides} (keys without the model prefix; nested
   * {@code CHANNEL.KEY} keys for a fused model) set, the rest at their defaults.
   *
   * @throws IllegalArgumentException naming the model, the key, the value and the rule of the first
   *     invalid entry, or an unknown key with the keys the model takes
   */
  public ParamValues parse(Map<String, String> overrides) {
    Map<String, String> remaining = new LinkedHashMap<>(overrides);
    Map<String, Object> values = new LinkedHashMap<>();
    List<String> channelNames = List.of();
    Map<String, ParamValues> nested = new LinkedHashMap<>();
    if (channels != null) {
      String v = remaining.remove(channels.name());
      List<String> names = v == null ? channels.defaultValue() : channels.parse(model, v);
      if (v != null) {
        values.put(channels.name(), names);
      }
      channelNames = names;
      Map<String, Map<String, String>> raw = new LinkedHashMap<>();
      for (var it = remaining.entrySet().iterator(); it.hasNext(); ) {
        var e = it.next();
        int dot = e.getKey().indexOf('.');
        if (dot < 0) {
          continue;
        }
        String channel = e.getKey().substring(0, dot);
        if (!names.contains(channel)) {
          throw new IllegalArgumentException("unknown parameter " + model + "." + e.getKey() + ": " + channel
              + " is not a channel of " + model + " (channels " + names + ")");
        }
        raw.computeIfAbsent(channel, k -> new LinkedHashMap<>()).put(e.getKey().substring(dot + 1), e.getValue());
        it.remove();
      }
      for (String c : names) {
        Map<String, String> o = raw.get(c);
        if (o == null) {
          continue;
        }
        try {
          nested.put(c, channelSets.apply(c).parse(o));
        } catch (IllegalArgumentException ex) {
          throw new IllegalArgumentException(model + " channel " + c + ": " + ex.getMessage(), ex);
        }
      }
    }
    for (Param<?> p : params) {
      if (p == channels) {
        continue;
      }
      String v = remaining.remove(p.name());
      if (v != null) {
        values.put(p.name(), p.parse(model, v));
      }
    }
    if (!remaining.isEmpty()) {
      String key = remaining.keySet().iterator().next();
      throw new IllegalArgumentException("unknown parameter " + model + "." + key + "; " + model + " takes "
          + new TreeSet<>(byName.keySet()));
    }
    return new ParamValues(this, values, channelNames, nested);
  }

  /** The dimensions {@code tandem tune} searches, in search order; empty when nothing is tuned. */
  public List<Dimension> searchSpace() {
    List<Dimension> out = new ArrayList<>();
    for (Param<?> p : tuneOrder) {
      out.add(p.tune().orElseThrow());
    }
    return out;
  }

  /**
   * The documented defaults as a {@code tandem.toml} section: {@code [models.MODEL]}, the model's
   * {@code description} as a comment, then each parameter's description (wrapped) and
   * {@code key = default}.
   */
  public String toml(String description) {
    StringBuilder b = new StringBuilder("[models.").append(model).append("]\n");
    comment(b, description);
    for (Param<?> p : params) {
      comment(b, p.description());
      b.append(p.name()).append(" = ").append(tomlValue(p)).append('\n');
    }
    return b.toString();
  }

  private static String tomlValue(Param<?> p) {
    String v = p.formatDefault();
    return switch (p.type()) {
      case "integer", "boolean" -> v;
      case "decimal" -> v.contains("E") ? new BigDecimal(v).toPlainString() : v;
      default -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    };
  }

  /** Appends {@code text} as {@code #} comment lines of at most 100 characters. */
  private static void comment(StringBuilder b, String text) {
    StringBuilder line = new StringBuilder("#");
    for (String word : text.split(" ")) {
      if (line.length() + 1 + word.length() > 100 && line.length() > 1) {
        b.append(line).append('\n');
        line = new StringBuilder("#");
      }
      line.append(' ').append(word);
    }
    b.append(line).append('\n');
  }

  /**
   * The parameters for help text: one line per parameter, {@code indent}ed, with its key, form,
   * rule, default and description.
   */
  public List<String> help(String indent) {
    List<String> out = new ArrayList<>();
    for (Param<?> p : params) {
      out.add(indent + p.name() + " (" + p.type() + ", " + p.rule() + ", default " + p.formatDefault() + "): "
          + p.description());
    }
    return out;
  }

  /** The parameter names, in declaration order. */
  public Set<String> names() {
    return new LinkedHashSet<>(byName.keySet());
  }

  Param<?> param(String name) {
    return byName.get(name);
  }

  @Override
  public String toString() {
    return model + byName.keySet();
  }
}
