package dev.tandem.bench;

import dev.tandem.core.data.History;
import dev.tandem.core.data.IdIndex;
import dev.tandem.core.data.Interactions;
import dev.tandem.core.data.InteractionsBuilder;
import it.unimi.dsi.fastutil.ints.IntArrayList;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A split directory written by {@code refrec.py split} ({@code train.csv}, {@code test_history.csv},
 * {@code test_target.csv}, header {@code user,item}), read the way {@code refrec.py score} reads
 * it: items indexed in ascending string order of the training items, test-history items unknown
 * to training dropped, test users in ascending id order.
 */
record Split(Interactions train, List<String> testUsers, List<History> histories, List<int[]> targets) {

  static List<String[]> pairs(Path file) throws IOException {
    List<String[]> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file)) {
      String line = r.readLine(); // header
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        int comma = line.indexOf(',');
        out.add(new String[] {line.substring(0, comma), line.substring(comma + 1).trim()});
      }
    }
    return out;
  }

  /** Just the training interactions of {@code dir/train.csv} (binary events of weight 1). */
  static Interactions readTrain(Path trainCsv) throws IOException {
    List<String[]> train = pairs(trainCsv);
    TreeSet<String> itemIds = new TreeSet<>();
    for (String[] p : train) {
      itemIds.add(p[1]);
    }
    IdIndex items = IdIndex.of(itemIds);
    InteractionsBuilder b = Interactions.builder(items);
    for (String[] p : train) {
      b.add(p[0], items.indexOf(p[1]), 1f, 0L);
    }
    return b.build();
  }

  static Split read(Path dir) throws IOException {
    Interactions train = readTrain(dir.resolve("train.csv"));
    IdIndex items = train.items();
    Map<String, IntArrayList> hist = new TreeMap<>();
    Map<String, IntArrayList> tgt = new TreeMap<>();
    for (String[] p : pairs(dir.resolve("test_target.csv"))) {
      IntArrayList l = tgt.computeIfAbsent(p[0], k -> new IntArrayList());
      int i = items.indexOf(p[1]);
      if (i >= 0 && !l.contains(i)) {
        l.add(i);
      }
    }
    for (String[] p : pairs(dir.resolve("test_history.csv"))) {
      int i = items.indexOf(p[1]);
      if (i >= 0) {
        hist.computeIfAbsent(p[0], k -> new IntArrayList()).add(i);
      }
    }
    List<String> users = new ArrayList<>(tgt.keySet());
    List<History> histories = new ArrayList<>();
    List<int[]> targets = new ArrayList<>();
    for (String u : users) {
      IntArrayList h = hist.get(u);
      histories.add(h == null ? History.EMPTY : History.of(h.toIntArray()));
      targets.add(tgt.get(u).toIntArray());
    }
    return new Split(train, users, histories, targets);
  }
}
