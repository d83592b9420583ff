package dev.tandem.store.imports;

import dev.tandem.core.data.Item;
import dev.tandem.core.data.Limits;
import dev.tandem.store.Store;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Imports an Amazon review folder preprocessed in the RecBole / UniSRec layout (e.g. the
 * {@code amazon-scientific} data set): {@code X.item2index} (ASIN, index),
 * {@code X.user2index} (reviewerID, index), {@code X.text} (ASIN, "title. categories. brand.")
 * and {@code X.train.inter} / {@code X.valid.inter} / {@code X.test.inter} (user index,
 * space-separated history of item indices, target item index), all tab-separated UTF-8.
 *
 * <p>External ids are the ASIN and the reviewerID. An item's title is its text up to the first
 * ". " (the product title; titles containing ". " are cut there; at most 1,000 characters), its
 * description the whole text. Each user's sequence is history + target from the test file, else from the valid file,
 * else the longest train line. The data has no timestamps, only order: every interaction is
 * feedback of type {@code purchase} (it must be configured), value 1, timestamp = the
 * 1-based position in the user's sequence. Every line must have exactly its file's fields (2 in
 * the index and text files, 3 in the interaction files); anything else is a bad row.
 */
public final class AmazonImporter implements Importer {
  /** The feedback type written. */
  public static final String TYPE = "purchase";

  private final Path dir;

  /** An importer for the folder {@code dir}. */
  public AmazonImporter(Path dir) {
    this.dir = dir;
  }

  @Override
  public ImportSummary importInto(Store store, ImportOptions options) {
    String prefix = prefix();
    return ImportRun.execute(store, options, "amazon " + dir, run -> run(run, prefix));
  }

  private String prefix() {
    if (!Files.isDirectory(dir)) {
      throw new ImportException(dir + ": not a directory; expected a RecBole-style Amazon folder");
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.item2index")) {
      for (Path p : ds) {
        String n = p.getFileName().toString();
        return n.substring(0, n.length() - ".item2index".length());
      }
    } catch (IOException e) {
      throw new ImportException(dir + ": cannot list: " + e.getMessage(), e);
    }
    throw new ImportException(dir + ": no *.item2index file; expected X.item2index, X.user2index, X.text and"
        + " X.{train,valid,test}.inter");
  }

  private void run(ImportRun run, String prefix) {
    run.requireValue(TYPE, 1, "amazon");
    Map<String, String> asinByIndex = index(run, dir.resolve(prefix + ".item2index"), "ASIN");
    Map<String, String> userByIndex = index(run, dir.resolve(prefix + ".user2index"), "reviewerID");
    Path text = dir.resolve(prefix + ".text");
    if (Files.exists(text)) {
      boolean[] header = {true};
      run.eachLine(TextFile.open(text, StandardCharsets.UTF_8), "\t", row -> {
        if (header[0]) {
          header[0] = false;
          if (row.text(0).contains(":token")) {
            return;
          }
        }
        row.requireFields(2, "item_id\\ttext");
        String asin = row.id(0, "item_id");
        String whole = row.text(1).trim();
        int cut = whole.indexOf(". ");
        String title = cut > 0 ? whole.substring(0, cut) : whole.endsWith(".") ? whole.substring(0, whole.length() - 1)
            : whole;
        run.item(new Item(asin, Limits.cut(title, Limits.MAX_TITLE), whole, List.of(), List.of(), Map.of(), 0, true));
      });
    }
    Set<String> done = new HashSet<>();
    for (String split : new String[] {"test", "valid"}) {
      Path p = dir.resolve(prefix + "." + split + ".inter");
      if (Files.exists(p)) {
        sequences(run, p, asinByIndex, userByIndex, (user, seq) -> {
          if (done.add(user)) {
            write(run, user, seq);
          }
        });
      }
    }
    Path train = dir.resolve(prefix + ".train.inter");
    if (Files.exists(train)) {
      Map<String, List<String>> longest = new HashMap<>();
      sequences(run, train, asinByIndex, userByIndex, (user, seq) -> {
        if (!done.contains(user)) {
          longest.merge(user, seq, (a, b) -> b.size() > a.size() ? b : a);
        }
      });
      longest.keySet().stream().sorted().forEach(u -> write(run, u, longest.get(u)));
    }
  }

  private static void write(ImportRun run, String user, List<String> seq) {
    for (int i = 0; i < seq.size(); i++) {
      run.feedback(user, seq.get(i), TYPE, 1, i + 1);
    }
  }

  private static Map<String, String> index(ImportRun run, Path file, String what) {
    Map<String, String> out = new HashMap<>();
    run.eachLine(TextFile.open(file, StandardCharsets.UTF_8), "\t", row -> {
      row.requireFields(2, what + "\\tindex");
      out.put(row.id(1, "index"), row.id(0, what));
    });
    return out;
  }

  private interface SequenceSink {
    void accept(String user, List<String> items);
  }

  private static void sequences(ImportRun run, Path file, Map<String, String> items, Map<String, String> users,
      SequenceSink sink) {
    boolean[] header = {true};
    run.eachLine(TextFile.open(file, StandardCharsets.UTF_8), "\t", row -> {
      if (header[0]) {
        header[0] = false;
        if (row.text(0).contains(":token")) {
          return;
        }
      }
      row.requireFields(3, "user_id\\titem_id_list\\titem_id");
      String user = lookup(row, users, row.id(0, "user_id"), "user_id", "user2index");
      List<String> seq = new ArrayList<>();
      for (String idx : row.text(1).trim().split(" ")) {
        if (!idx.isEmpty()) {
          seq.add(lookup(row, items, idx, "item_id_list", "item2index"));
        }
      }
      seq.add(lookup(row, items, row.id(2, "item_id"), "item_id", "item2index"));
      sink.accept(user, seq);
    });
  }

  private static String lookup(Row row, Map<String, String> map, String index, String field, String file) {
    String id = map.get(index);
    if (id == null) {
      throw row.bad(field, index, "an index listed in the " + file + " file");
    }
    return id;
  }
}
