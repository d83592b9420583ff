package dev.tandem.core.fusion;

import dev.tandem.core.data.Interactions;
import dev.tandem.core.model.ItemContent;
import dev.tandem.core.model.Model;
import dev.tandem.core.model.ModelType;
import dev.tandem.core.model.ModelTypes;
import dev.tandem.core.model.Param;
import dev.tandem.core.model.ParamValues;
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
 * the channel's own declaration). Immutable.
 *
 * @param names channel model names, in order (distinct, at least one, none a fusion model)
 * @param overrides per channel that has any, its validated parameter overrides
 */
public record Channels(List<String> names, Map<String, ParamValues> overrides) {

  /**
   * The default channel list of {@code rrf} and {@code fusion}. The single place to extend when
   * new retrieval channels (e.g. {@code bm25}, {@code hybrid}) are registered.
   */
  public static final String DEFAULT = "ease,itemknn,hybrid,semantic,bm25";

  /** Validates and copies. */
  public Channels {
    names = List.copyOf(names);
    Map<String, ParamValues> copy = new LinkedHashMap<>();
    for (String n : names) {
      ParamValues v = overrides.get(n);
      if (v != null) {
        copy.put(n, v);
      }
    }
    overrides = Collections.unmodifiableMap(copy);
  }

  /**
   * The {@code channels} parameter of fused model {@code model}: comma-separated registered
   * retrieval model names, each at most once.
   */
  static Param<List<String>> param(String model) {
    return Param.of("channels", "list", "comma-separated retrieval model names", split(model, DEFAULT),
        Channels::parse, names -> String.join(",", names),
        "Channel models, comma-separated; each runs with its own [models.<name>] section, and a key like"
            + " `ease.lambda = 300` here overrides it for this fusion only.");
  }

  /** The channels of {@code values} (a fused model's validated parameters). */
  static Channels of(ParamValues values) {
    return new Channels(values.channels(), values.nested());
  }

  /** Parses and checks a {@code channels} value of {@code model}. */
  private static List<String> parse(String model, String value) {
    List<String> names = split(model, value);
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
    return names;
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

  /** Number of channels. */
  public int size() {
    return names.size();
  }

  /** The channel list as the {@code channels} parameter value. */
  public String joined() {
    return String.join(",", names);
  }

  /** Channel {@code name}'s parameters: its overrides, else its defaults. */
  private ParamValues valuesOf(String name) {
    ParamValues v = overrides.get(name);
    return v != null ? v : ModelTypes.byName(name).parameters().defaults();
  }

  /** The union of the channels' {@linkplain ModelType#needs needs}. */
  public Set<ItemContent> needs() {
    EnumSet<ItemContent> out = EnumSet.noneOf(ItemContent.class);
    for (String n : names) {
      out.addAll(ModelTypes.needs(valuesOf(n)));
    }
    return out;
  }

  /** Fits every channel on {@code train}, in order. */
  public Model[] fit(Interactions train) {
    Model[] out = new Model[names.size()];
    for (int c = 0; c < out.length; c++) {
      out[c] = ModelTypes.fit(valuesOf(names.get(c)), train);
    }
    return out;
  }

  /** Writes the channel names, overrides (as text) and models (each through its own type). */
  void write(Model[] models, SnapshotOutput out) throws IOException {
    out.writeInt(names.size());
    for (int c = 0; c < models.length; c++) {
      String n = names.get(c);
      out.writeString(n);
      Map<String, String> o = overrides.containsKey(n) ? overrides.get(n).overrides() : Map.of();
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

  /**
   * Reads what {@link #write} wrote.
   *
   * @throws SnapshotException if a stored override is not valid for its channel
   */
  static Read read(SnapshotInput in) throws IOException {
    int n = in.readInt();
    if (n < 1 || n > 1000) {
      throw new SnapshotException("fused model: channel count (" + n + ") is out of range (corrupt snapshot)");
    }
    List<String> names = new ArrayList<>();
    Map<String, ParamValues> overrides = new LinkedHashMap<>();
    Model[] models = new Model[n];
    for (int c = 0; c < n; c++) {
      String name = in.readString();
      names.add(name);
      int k = in.readInt();
      Map<String, String> o = new LinkedHashMap<>();
      for (int i = 0; i < k; i++) {
        o.put(in.readString(), in.readString());
      }
      ModelType<?, ?> type = ModelTypes.byName(name);
      if (!o.isEmpty()) {
        try {
          overrides.put(name, type.parameters().parse(o));
        } catch (IllegalArgumentException e) {
          throw new SnapshotException("fused model channel " + name + ": " + e.getMessage() + " (corrupt snapshot)");
        }
      }
      models[c] = type.read(in);
    }
    return new Read(new Channels(names, overrides), models);
  }
}
