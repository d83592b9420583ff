package dev.tandem.core.data;

import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Maps external string ids to dense indices {@code 0..size()-1} and back.
 *
 * <p>Guarantees: immutable, thread-safe, null-free. Indices follow the ascending
 * {@link String#compareTo} order of the ids, so "the smaller index" and "the smaller id"
 * mean the same thing; this is what makes ties break reproducibly everywhere.
 */
public final class IdIndex {
  private final String[] ids;
  private final Object2IntOpenHashMap<String> index;

  private IdIndex(String[] sortedUniqueIds) {
    this.ids = sortedUniqueIds;
    this.index = new Object2IntOpenHashMap<>(ids.length);
    this.index.defaultReturnValue(-1);
    for (int i = 0; i < ids.length; i++) {
      index.put(ids[i], i);
    }
  }

  /** Builds an index over the distinct ids given, in ascending string order. */
  public static IdIndex of(Collection<String> ids) {
    String[] copy = ids.toArray(new String[0]);
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] == null) {
        throw new IllegalArgumentException("ids[" + i + "] must not be null");
      }
    }
    Arrays.sort(copy);
    int n = 0;
    for (int i = 0; i < copy.length; i++) {
      if (n == 0 || !copy[i].equals(copy[n - 1])) {
        copy[n++] = copy[i];
      }
    }
    return new IdIndex(Arrays.copyOf(copy, n));
  }

  /** Builds an index from ids that are already sorted ascending and distinct (as read from a snapshot). */
  public static IdIndex ofSorted(String[] sortedUniqueIds) {
    for (int i = 1; i < sortedUniqueIds.length; i++) {
      if (sortedUniqueIds[i - 1].compareTo(sortedUniqueIds[i]) >= 0) {
        throw new IllegalArgumentException("ids must be distinct and ascending, but ids[" + (i - 1) + "] ("
            + sortedUniqueIds[i - 1] + ") >= ids[" + i + "] (" + sortedUniqueIds[i] + ")");
      }
    }
    return new IdIndex(sortedUniqueIds.clone());
  }

  /** Number of ids. */
  public int size() {
    return ids.length;
  }

  /** The dense index of {@code id}, or -1 when it is not in this index. */
  public int indexOf(String id) {
    return index.getInt(id);
  }

  /** The dense index of {@code id}; throws when absent, naming {@code what} ("item", "user"). */
  public int require(String id, String what) {
    int i = index.getInt(id);
    if (i < 0) {
      throw new IllegalArgumentException(what + " " + Quote.of(id) + " is not known (" + ids.length + " " + what + "s indexed)");
    }
    return i;
  }

  /** The external id at {@code index}. */
  public String id(int index) {
    return ids[index];
  }

  /** All ids in index order (an immutable copy). */
  public List<String> ids() {
    return List.of(ids);
  }

  /** A copy of the ids in index order, for serialisation. */
  public String[] toArray() {
    return ids.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdIndex other && Arrays.equals(ids, other.ids);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(ids);
  }

  @Override
  public String toString() {
    List<String> head = new ArrayList<>(List.of(ids).subList(0, Math.min(5, ids.length)));
    return "IdIndex[size=" + ids.length + ", first=" + head + "]";
  }
}
