package dev.tandem.store;

import java.util.Optional;

/** A small key/value table for bookkeeping, such as the last import's summary. Thread-safe. */
public interface StoreMeta {

  /** The value stored under {@code key}, or empty. */
  Optional<String> get(String key);

  /** Stores {@code value} under {@code key}, replacing any previous value. */
  void put(String key, String value);
}
