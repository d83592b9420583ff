package dev.tandem.engine.report;

import java.util.List;

/**
 * A metric family of the evaluation JSON ({@code recall} in {@code recall@20}), with how the
 * report names it, orders it and judges it.
 *
 * @param key the family as written in the JSON, before {@code @}
 * @param label the column and axis title
 * @param better which direction is better, used to highlight the best model
 * @param group where the family is shown
 */
record Metric(String key, String label, Direction better, Group group) {

  enum Direction { HIGHER, LOWER, NEITHER }

  enum Group { ACCURACY, BEYOND_ACCURACY, RATING, OTHER }

  /** Known families in the order the report shows them. */
  static final List<Metric> KNOWN = List.of(
      new Metric("recall", "Recall", Direction.HIGHER, Group.ACCURACY),
      new Metric("recall_plain", "Recall (plain)", Direction.HIGHER, Group.ACCURACY),
      new Metric("ndcg", "nDCG", Direction.HIGHER, Group.ACCURACY),
      new Metric("precision", "Precision", Direction.HIGHER, Group.ACCURACY),
      new Metric("hr", "Hit rate", Direction.HIGHER, Group.ACCURACY),
      new Metric("map", "MAP", Direction.HIGHER, Group.ACCURACY),
      new Metric("f1", "F1", Direction.HIGHER, Group.ACCURACY),
      new Metric("mrr", "MRR", Direction.HIGHER, Group.ACCURACY),
      new Metric("auc", "AUC", Direction.HIGHER, Group.ACCURACY),
      new Metric("coverage", "Coverage", Direction.HIGHER, Group.BEYOND_ACCURACY),
      new Metric("novelty", "Novelty", Direction.HIGHER, Group.BEYOND_ACCURACY),
      new Metric("ild", "ILD", Direction.HIGHER, Group.BEYOND_ACCURACY),
      new Metric("gini", "Gini", Direction.LOWER, Group.BEYOND_ACCURACY),
      new Metric("avg_popularity", "Avg. popularity", Direction.LOWER, Group.BEYOND_ACCURACY),
      new Metric("rmse", "RMSE", Direction.LOWER, Group.RATING),
      new Metric("mae", "MAE", Direction.LOWER, Group.RATING));

  /** The known family named {@code key}, or an unranked family labelled with the key itself. */
  static Metric of(String key) {
    for (Metric m : KNOWN) {
      if (m.key.equals(key)) {
        return m;
      }
    }
    return new Metric(key, key, Direction.NEITHER, Group.OTHER);
  }

  /** Position in {@link #KNOWN}; unknown families sort after known ones. */
  int rank() {
    int i = KNOWN.indexOf(this);
    return i < 0 ? KNOWN.size() : i;
  }

  /** The family part of a metric name: {@code recall} for {@code recall@20}, {@code mrr} for {@code mrr}. */
  static String familyOf(String name) {
    return cutoffOf(name) > 0 ? name.substring(0, name.lastIndexOf('@')) : name;
  }

  /** The cut-off of a metric name, or 0 if it has none ({@code mrr}) or it is not a positive integer. */
  static int cutoffOf(String name) {
    int at = name.lastIndexOf('@');
    if (at < 0 || at == name.length() - 1 || name.length() - at > 9) {
      return 0;
    }
    int k = 0;
    for (int i = at + 1; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < '0' || c > '9') {
        return 0;
      }
      k = k * 10 + (c - '0');
    }
    return k;
  }

  static String name(String family, int k) {
    return k > 0 ? family + "@" + k : family;
  }
}
