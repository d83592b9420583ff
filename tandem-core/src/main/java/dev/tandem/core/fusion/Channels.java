package dev.tandem.core.fusion;

import dev.tandem.core.data.Interactions;
import dev.tandem.core.model.ItemContent;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelType;
import dev.tandem.core.model.ModelTypes;
import dev.tandem.core.snapshot.SnapshotException;
import dev.tandem.core.snapshot.SnapshotInput;
import dev.tandem.core.snapshot.SnapshotOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The channels of a fused model: registered model types by name, each with its own parameter
 * overrides (given to the fused model as nested {@code CHANNEL.KEY} parameters and validated by
 * the channel's own type). Immutable.
 *
 * @param names channel model names, in order (distinct, at least one, none a fusion model)
 * @param overrides per channel, the parameter overrides (keys without the channel prefix)
 */
public record Channels(List<String> names, Map<String, Map<String, String>> overrides) {

  /**
   * The default channel list of {@code rrf} and {@code fusion}. The single place to extend when
   * new retrieval channels (e.g. {@code bm25}, {@code hybrid}) are registered.
   */
  public static final String DEFAULT = "ease,itemknn,hybrid,semantic,bm25";

  /** Validates and copies. */
  public Channels {
    names = List.copyOf(names);
    Map<String, Map<String, String>> copy = new LinkedHashMap<>();
    for (String n : names) {
      copy.put(n, Collections.unmodifiableMap(new LinkedHashMap<>(overrides.getOrDefault(n, Map.of()))));
    }
    overrides = Collections.unmodifiableMap(copy);
  }

  /** Splits a {@code channels} value: comma-separated names, blanks trimmed. */
  static List<String> split(String model, String value) {
    List<String> out = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      String n = part.trim();
      if (n.isEmpty()) {
        throw new IllegalArgumentException(model + ".channels (" + value
            + ") must be a comma-separated list of model names, e.g. ease,ials,semantic");
      }
      out.add(n);
    }
    return out;
  }

  /**
   * Takes {@code channels} and every nested {@code CHANNEL.KEY} entry out of {@code overrides}
   * (which keeps the fused model's own keys) and validates them.
   *
   * @param model the fused model's name, for messages
   * @throws IllegalArgumentException naming the fused model, the channel and the key
   */
  static Channels take(String model, Map<String, String> overrides) {
    String value = overrides.remove("channels");
    List<String> names = split(model, value == null ? DEFAULT : value);
    Set<String> seen = new LinkedHashSet<>();
    for (String n : names) {
      ModelType<?, ?> type;
      try {
        type = ModelTypes.byName(n);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(model + ".channels: " + e.getMessage());
      }
      if (type instanceof FusionType) {
        throw new IllegalArgumentException(model + ".channels (" + n + ") must name retrieval models, not a fusion");
      }
      if (!seen.add(n)) {
        throw new IllegalArgumentException(model + ".channels (" + String.join(",", names) + ") names " + n + " twice");
      }
    }
    Map<String, Map<String, String>> nested = new LinkedHashMap<>();
    for (var it = overrides.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      int dot = e.getKey().indexOf('.');
      if (dot < 0) {
        continue;
      }
      String channel = e.getKey().substring(0, dot);
      if (!seen.contains(channel)) {
        throw new IllegalArgumentException("unknown parameter " + model + "." + e.getKey() + ": " + channel
            + " is not a channel of " + model + " (channels " + names + ")");
      }
      nested.computeIfAbsent(channel, k -> new LinkedHashMap<>()).put(e.getKey().substring(dot + 1), e.getValue());
      it.remove();
    }
    for (var e : nested.entrySet()) {
      try {
        ModelTypes.effectiveParams(ModelTypes.byName(e.getKey()), e.getValue());
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(model + " channel " + e.getKey() + ": " + ex.getMessage(), ex);
      }
    }
    return new Channels(names, nested);
  }

  /** Number of channels. */
  public int size() {
    return names.size();
  }

  /** The channel list as the {@code channels} parameter value. */
  public String joined() {
    return String.join(",", names);
  }

  /**
   * The nested parameters as {@code CHANNEL.KEY} entries: for each channel with overrides, its
   * effective value of every overridden key (as the channel's type describes it).
   */
  public Map<String, String> describe() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String n : names) {
      Map<String, String> o = overrides.get(n);
      if (o.isEmpty()) {
        continue;
      }
      Map<String, String> eff = ModelTypes.effectiveParams(ModelTypes.byName(n), o);
      for (String k : o.keySet()) {
        out.put(n + "." + k, eff.get(k));
      }
    }
    return out;
  }

  /** The union of the channels' {@linkplain ModelType#needs needs}. */
  public Set<ItemContent> needs() {
    EnumSet<ItemContent> out = EnumSet.noneOf(ItemContent.class);
    for (String n : names) {
      out.addAll(ModelTypes.needs(n, overrides.get(n)));
    }
    return out;
  }

  /** Fits every channel on {@code train}, in order. */
  public Model[] fit(Interactions train) {
    Model[] out = new Model[names.size()];
    for (int c = 0; c < out.length; c++) {
      out[c] = fitOne(ModelTypes.byName(names.get(c)), overrides.get(names.get(c)), train);
    }
    return out;
  }

  private static <M extends Model, P extends Record> Model fitOne(ModelType<M, P> type, Map<String, String> o,
      Interactions train) {
    return ModelTypes.fit(type, o, train);
  }

  /** Writes the channel names, overrides and models (each through its own type). */
  void write(Model[] models, SnapshotOutput out) throws IOException {
    out.writeInt(names.size());
    for (int c = 0; c < models.length; c++) {
      String n = names.get(c);
      out.writeString(n);
      Map<String, String> o = overrides.get(n);
      out.writeInt(o.size());
      for (var e : o.entrySet()) {
        out.writeString(e.getKey());
        out.writeString(e.getValue());
      }
      ModelTypes.byName(n).writeModel(models[c], out);
    }
  }

  /** What {@link #read} returns: the channels and their models. */
  record Read(Channels channels, Model[] models) {}

  /** Reads what {@link #write} wrote. */
  static Read read(SnapshotInput in) throws IOException {
    int n = in.readInt();
    if (n < 1 || n > 1000) {
      throw new SnapshotException("fused model: channel count (" + n + ") is out of range (corrupt snapshot)");
    }
    List<String> names = new ArrayList<>();
    Map<String, Map<String, String>> overrides = new LinkedHashMap<>();
    Model[] models = new Model[n];
    for (int c = 0; c < n; c++) {
      String name = in.readString();
      names.add(name);
      int k = in.readInt();
      Map<String, String> o = new LinkedHashMap<>();
      for (int i = 0; i < k; i++) {
        o.put(in.readString(), in.readString());
      }
      overrides.put(name, o);
      models[c] = ModelTypes.byName(name).read(in);
    }
    return new Read(new Channels(names, overrides), models);
  }
}
