package dev.tandem.core.fusion;

import java.util.List;
import java.util.Map;

/**
 * Implemented by the {@link dev.tandem.core.model.ModelType}s whose models fuse channels
 * ({@code rrf}, {@code fusion}), so that a caller holding per-model configuration can pass each
 * channel's configured parameters in as nested {@code CHANNEL.KEY} defaults.
 */
public interface FusionType {

  /**
   * The channel names that parameters {@code overrides} select (the type's default list when
   * {@code channels} is not set).
   *
   * @throws IllegalArgumentException if the {@code channels} value is malformed
   */
  List<String> channelNames(Map<String, String> overrides);

  /**
   * {@code overrides} with {@code configured.get(c)}'s entries added as {@code c.key} for every
   * channel {@code c}, where not already set: the one way configured channel parameters flow
   * into a fused model.
   */
  default Map<String, String> withChannelDefaults(Map<String, String> overrides,
      java.util.function.Function<String, Map<String, String>> configured) {
    Map<String, String> out = new java.util.LinkedHashMap<>(overrides);
    for (String c : channelNames(overrides)) {
      configured.apply(c).forEach((k, v) -> out.putIfAbsent(c + "." + k, v));
    }
    return out;
  }
}
