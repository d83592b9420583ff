package dev.tandem.core.eval;

/**
 * Facts about an indexed split, for reports.
 *
 * @param protocol protocol name from meta.json
 * @param seed split seed from meta.json
 * @param trainUsers users with training positives
 * @param items indexed items (training items and cold items)
 * @param trainInteractions distinct training (user, item) positives
 * @param testUsers users with target rows
 * @param evaluatedUsers test users with at least one rankable target on a known item
 * @param historyRows history rows in the file
 * @param historyKnown history rows on indexed items (the rest are ignored)
 * @param targetRows target rows in the file
 * @param targetKnown target rows on indexed items
 * @param coldItems cold items (0 unless cold-items)
 * @param rated whether the split has ratings
 */
public record SplitStats(String protocol, long seed, int trainUsers, int items, int trainInteractions, int testUsers,
    int evaluatedUsers, int historyRows, int historyKnown, int targetRows, int targetKnown, int coldItems,
    boolean rated) {}
