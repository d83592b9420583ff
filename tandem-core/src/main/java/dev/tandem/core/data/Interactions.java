package dev.tandem.core.data;

import dev.tandem.core.kernel.SparseMatrix;
import java.util.Arrays;
import java.util.Optional;

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
  private final ItemVectors itemVectors;
  private final ItemTexts itemTexts;
  private volatile SparseMatrix itemMajor;

  Interactions(IdIndex users, IdIndex items, SparseMatrix matrix, long[] timestamps) {
    this(users, items, matrix, timestamps, null, null);
  }

  private Interactions(IdIndex users, IdIndex items, SparseMatrix matrix, long[] timestamps, ItemVectors itemVectors,
      ItemTexts itemTexts) {
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
    this.itemVectors = itemVectors;
    this.itemTexts = itemTexts;
  }

  /**
   * A copy of these interactions carrying {@code vectors}, for models whose type
   * {@linkplain dev.tandem.core.model.ModelType#needs needs item vectors}. The
   * matrices are shared, not copied; this instance is unchanged.
   *
   * @param vectors item vectors whose index equals {@link #items()}
   * @throws IllegalArgumentException if {@code vectors.index()} is not {@link #items()}
   */
  public Interactions withItemVectors(ItemVectors vectors) {
    if (!vectors.index().equals(items)) {
      throw new IllegalArgumentException("item vectors index (" + vectors.index().size()
          + " items) must equal the interactions' items (" + items.size() + " items)");
    }
    Interactions copy = new Interactions(users, items, matrix, timestamps, vectors, itemTexts);
    copy.itemMajor = itemMajor;
    return copy;
  }

  /**
   * A copy of these interactions carrying {@code texts}, for models whose type
   * {@linkplain dev.tandem.core.model.ModelType#needs needs item texts}. The matrices are shared,
   * not copied; this instance is unchanged.
   *
   * @param texts item documents whose index equals {@link #items()}
   * @throws IllegalArgumentException if {@code texts.index()} is not {@link #items()}
   */
  public Interactions withItemTexts(ItemTexts texts) {
    if (!texts.index().equals(items)) {
      throw new IllegalArgumentException("item texts index (" + texts.index().size()
          + " items) must equal the interactions' items (" + items.size() + " items)");
    }
    Interactions copy = new Interactions(users, items, matrix, timestamps, itemVectors, texts);
    copy.itemMajor = itemMajor;
    return copy;
  }

  /** The item documents attached with {@link #withItemTexts}, if any; aligned with {@link #items()}. */
  public Optional<ItemTexts> itemTexts() {
    return Optional.ofNullable(itemTexts);
  }

  /** The item vectors attached with {@link #withItemVectors}, if any; aligned with {@link #items()}. */
  public Optional<ItemVectors> itemVectors() {
    return Optional.ofNullable(itemVectors);
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
    int[] its = Arrays.copyOfRange(matrix.colIdx(), from, to);
    float[] ws = Arrays.copyOfRange(matrix.values(), from, to);
    long[] ts = Arrays.copyOfRange(timestamps, from, to);
    return new History(its, ws, ts);
  }
}
