package dev.tandem.llm.intent;

import java.util.Arrays;

/**
 * A map from {@code long} keys to non-negative {@code int} values, open addressing with linear
 * probing: the look-ups of the per-char loops (phrase trie, title bigrams) without boxing a key per
 * char. Not thread-safe while it is filled; read-only use after that is.
 */
final class LongIntMap {
  private long[] keys = new long[16];
  private int[] values = new int[16];
  private int size;

  LongIntMap() {
    Arrays.fill(values, -1);
  }

  /** The value of {@code key}, or -1 when there is none. */
  int get(long key) {
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      if (values[i] < 0) {
        return -1;
      }
      if (keys[i] == key) {
        return values[i];
      }
    }
  }

  /**
   * Sets {@code key} to {@code value} (>= 0).
   *
   * @throws IllegalArgumentException if value is negative
   */
  void put(long key, int value) {
    if (value < 0) {
      throw new IllegalArgumentException("value (" + value + ") must be >= 0");
    }
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    for (int i = slot(key, mask); ; i = (i + 1) & mask) {
      if (values[i] < 0) {
        keys[i] = key;
        values[i] = value;
        size++;
        return;
      }
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
    }
  }

  /** The number of keys. */
  int size() {
    return size;
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    Arrays.fill(values, -1);
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldValues[i] >= 0) {
        put(oldKeys[i], oldValues[i]);
      }
    }
  }

  private static int slot(long key, int mask) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }
}
