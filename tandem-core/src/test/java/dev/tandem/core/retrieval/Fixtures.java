package dev.tandem.core.retrieval;

import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.data.InteractionsBuilder;
import java.util.ArrayList;
import java.util.List;

/** Small training sets shared by the model tests. */
final class Fixtures {
  private Fixtures() {}

  /** Item ids "i00".."i{n-1}", so string order equals numeric order. */
  static IdIndex items(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add(String.format("i%02d", i));
    }
    return IdIndex.of(ids);
  }

  /** Users given as item lists; user k is "u{k}" (zero-padded), every event weight 1. */
  static Interactions of(int numItems, int[]... users) {
    InteractionsBuilder b = Interactions.builder(items(numItems));
    for (int u = 0; u < users.length; u++) {
      for (int item : users[u]) {
        b.add(String.format("u%03d", u), item, 1f, 0);
      }
    }
    return b.build();
  }

  /**
   * Checkerboard over 8 items: 5 users like {0,1,2}, 5 like {3,4,5}, one user has {0,1}, one
   * has {3,4}; items 6 and 7 have no interactions.
   */
  static Interactions checkerboard() {
    List<int[]> users = new ArrayList<>();
    for (int k = 0; k < 5; k++) {
      users.add(new int[] {0, 1, 2});
      users.add(new int[] {3, 4, 5});
    }
    users.add(new int[] {0, 1});
    users.add(new int[] {3, 4});
    return of(8, users.toArray(new int[0][]));
  }
}
