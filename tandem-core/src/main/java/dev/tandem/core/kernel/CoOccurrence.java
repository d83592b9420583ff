package dev.tandem.core.kernel;

/**
 * Item-item co-occurrence counts of a binary user-item matrix, one item at a time: for item i,
 * the number of users that have both i and j, for every j. This is row i of XᵀX for binary X,
 * computed sparsely in O(Σ over i's users of their row length), with no n² matrix.
 *
 * <p>Immutable and thread-safe; each thread passes its own {@link Scratch}.
 */
public final class CoOccurrence {
  private final SparseMatrix userItem;
  private final SparseMatrix itemUser;

  /**
   * @param userItem the user-by-item matrix; stored entries count 1 whatever their value
   * @param itemUser its transpose
   */
  public CoOccurrence(SparseMatrix userItem, SparseMatrix itemUser) {
    if (userItem.rows() != itemUser.cols() || userItem.cols() != itemUser.rows()) {
      throw new IllegalArgumentException("itemUser (" + itemUser.rows() + " x " + itemUser.cols()
          + ") must be the transpose of userItem (" + userItem.rows() + " x " + userItem.cols() + ")");
    }
    this.userItem = userItem;
    this.itemUser = itemUser;
  }

  /** Number of items. */
  public int numItems() {
    return userItem.cols();
  }

  /** Number of users with item {@code i}: the diagonal entry of XᵀX. */
  public int count(int i) {
    return itemUser.rowLength(i);
  }

  /** Per-thread working memory: a dense count array and the list of items touched. */
  public static final class Scratch {
    final int[] counts;
    final int[] touched;
    int size;

    /** Scratch for {@code numItems} items. */
    public Scratch(int numItems) {
      counts = new int[numItems];
      touched = new int[numItems];
    }

    /** Items with a non-zero count after the last {@link #row}, in order of first touch. */
    public int[] touched() {
      return touched;
    }

    /** Number of valid entries of {@link #touched()}. */
    public int size() {
      return size;
    }

    /** Count of item {@code j} after the last {@link #row}. */
    public int count(int j) {
      return counts[j];
    }
  }

  /**
   * Counts, for every item j, the users that have both {@code i} and j (i itself included), into
   * {@code s}; the previous row's counts are cleared first.
   */
  public void row(int i, Scratch s) {
    int[] counts = s.counts;
    int[] touched = s.touched;
    for (int k = 0; k < s.size; k++) {
      counts[touched[k]] = 0;
    }
    int size = 0;
    int[] uPtr = itemUser.rowPtr();
    int[] users = itemUser.colIdx();
    int[] iPtr = userItem.rowPtr();
    int[] items = userItem.colIdx();
    for (int p = uPtr[i], pe = uPtr[i + 1]; p < pe; p++) {
      int u = users[p];
      for (int q = iPtr[u], qe = iPtr[u + 1]; q < qe; q++) {
        int j = items[q];
        if (counts[j]++ == 0) {
          touched[size++] = j;
        }
      }
    }
    s.size = size;
  }
}
