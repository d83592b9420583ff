package dev.tandem.core.data;

import dev.tandem.core.kernel.SparseMatrix;

/**
 * The training data every model fits on: a user-by-item matrix of positive interaction
 * strengths, with the id indexes of both sides and the latest timestamp of each pair.
 *
 * <p>Rows are users, columns items. Only pairs whose summed feedback weight is positive are
 * stored; the value is that sum. Immutable and thread-safe. Build one with {@link #builder(IdIndex)}.
 */
public final class Interactions {
  private final IdIndex users;
  private final IdIndex items;
  private final SparseMatrix matrix;
  private final long[] timestamps;
  private volatile SparseMatrix itemMajor;

  Interactions(IdIndex users, IdIndex items, SparseMatrix matrix, long[] timestamps) {
    if (matrix.rows() != users.size() || matrix.cols() != items.size()) {
      throw new IllegalArgumentException("matrix shape (" + matrix.rows() + " x " + matrix.cols()
          + ") must be users (" + users.size() + ") x items (" + items.size() + ")");
    }
    if (timestamps.length != matrix.nnz()) {
      throw new IllegalArgumentException("timestamps.length (" + timestamps.length + ") must equal nnz (" + matrix.nnz() + ")");
    }
    this.users = users;
    this.items = items;
    this.matrix = matrix;
    this.timestamps = timestamps;
  }

  /** Starts a builder whose item columns follow {@code items}. */
  public static InteractionsBuilder builder(IdIndex items) {
    return new InteractionsBuilder(items);
  }

  /** Training users, in row order. */
  public IdIndex users() {
    return users;
  }

  /** Items, in column order; the catalogue the models rank over (items without interactions included). */
  public IdIndex items() {
    return items;
  }

  public int numUsers() {
    return users.size();
  }

  public int numItems() {
    return items.size();
  }

  /** Number of stored (user, item) pairs. */
  public int nnz() {
    return matrix.nnz();
  }

  /** The user-by-item matrix; shared, do not modify its arrays. */
  public SparseMatrix userItem() {
    return matrix;
  }

  /** The item-by-user matrix (transpose), computed once on first use. */
  public SparseMatrix itemUser() {
    SparseMatrix t = itemMajor;
    if (t == null) {
      synchronized (this) {
        t = itemMajor;
        if (t == null) {
          t = matrix.transpose();
          itemMajor = t;
        }
      }
    }
    return t;
  }

  /** Latest timestamp (epoch seconds) of each stored pair, aligned with {@code userItem().colIdx()}. */
  public long[] timestamps() {
    return timestamps;
  }

  /** The training history of user row {@code u}, as a {@link History}. */
  public History historyOf(int u) {
    int from = matrix.rowPtr()[u];
    int to = matrix.rowPtr()[u + 1];
    int[] its = java.util.Arrays.copyOfRange(matrix.colIdx(), from, to);
    float[] ws = java.util.Arrays.copyOfRange(matrix.values(), from, to);
    long[] ts = java.util.Arrays.copyOfRange(timestamps, from, to);
    return new History(its, ws, ts);
  }
}
