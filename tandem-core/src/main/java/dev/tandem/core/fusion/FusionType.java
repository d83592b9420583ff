package dev.tandem.core.fusion;

import java.util.List;
import java.util.Map;

/**
 * Implemented by the {@link dev.tandem.core.model.ModelType}s whose models fuse channels
 * ({@code rrf}, {@code fusion}), so that a caller holding per-model configuration can pass each
 * channel's configured parameters in as nested {@code CHANNEL.KEY} defaults (see
 * {@link dev.tandem.core.model.ParamValues#withChannelDefaults}).
 */
public interface FusionType {

  /**
   * The channel names that parameters {@code overrides} select (the type's default list when
   * {@code channels} is not set).
   *
   * @throws IllegalArgumentException if the {@code channels} value is malformed
   */
  List<String> channelNames(Map<String, String> overrides);
}
