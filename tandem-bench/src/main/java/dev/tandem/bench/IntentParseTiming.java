package dev.tandem.bench;

import dev.tandem.core.data.Attribute;
import dev.tandem.core.data.Item;
import dev.tandem.llm.embed.Embedder;
import dev.tandem.llm.embed.Embedders;
import dev.tandem.llm.intent.IntentCatalogue;
import dev.tandem.llm.intent.IntentParser;
import dev.tandem.llm.intent.IntentParsers;
import dev.tandem.llm.intent.RuleIntentParser;
import dev.tandem.store.Store;
import dev.tandem.store.imports.GoodbooksImporter;
import dev.tandem.store.imports.ImportOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Parse time of the in-process intent parser on long and adversarial requests (issue 12, "Hostile
 * input"): for each input shape (filler words, repeated negation cues, repeated ranges, title
 * words, one character, digits, Chinese, mixed scripts and emoji, lone surrogates and control
 * characters) and each size (1, 10 and 100 KB of UTF-8 by default), the minimum of a few parses,
 * printed as a table in milliseconds. The catalogue is goodbooks-10k's items (10,000 titles, their
 * tags as labels, year and average rating as numeric attributes), imported from the folder given;
 * the parser is the engine's default ({@link IntentParsers#inProcess}: rules, synonyms and
 * encoder prototypes with {@code bge-small-en-v15-q} and {@code bge-small-zh-v15}), or rules and
 * synonyms alone with {@code --rules-only}.
 *
 * <p>A parse that runs past {@code --timeout} seconds (default 60) is abandoned (it keeps its
 * thread until it ends, so later figures of that run are on a busier machine) and the shape's
 * larger sizes are skipped; an error (a StackOverflowError, say) is printed in the cell.
 *
 * <pre>
 * ./mvnw -q -B -pl tandem-bench -am package -DskipTests
 * java -Dai.djl.offline=true -cp tandem-bench/target/benchmarks.jar dev.tandem.bench.IntentParseTiming \
 *     ../shared/data/goodbooks-10k [--rules-only] [--sizes 1,10,100] [--runs 3] [--timeout 60]
 * </pre>
 */
public final class IntentParseTiming {
  private IntentParseTiming() {}

  /** An input shape: a name and the unit repeated to the wanted size. */
  record Shape(String name, String unit) {}

  static final List<Shape> SHAPES = List.of(
      new Shape("filler words", "please could you recommend me some really good books that i would like to read "),
      new Shape("negation cues", "no not without nothing avoid except don't never "),
      new Shape("ranges", "between 1 and 2 "),
      new Shape("numbers and units", "under 300 pages over 4 stars after 2015 $20 the 80s "),
      new Shape("title words", "harry potter hunger games lord of the rings twilight sorcerer's stone "),
      new Shape("one letter", "a"),
      new Shape("digits", "7"),
      new Shape("chinese", "推荐几本轻松的科幻小说，不要恐怖的，三百页以内"),
      new Shape("mixed scripts, emoji", "科幻 sci-fi 😀 Ünïcödé ١٢٣ 'quoted' 《沙丘 "),
      new Shape("surrogates, controls", "\uD800a\u0000b\uDFFF\u0007 \u202E "));

  /** Entry point; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: IntentParseTiming GOODBOOKS_DIR [--rules-only] [--sizes 1,10,100] [--runs 3]"
          + " [--timeout 60]");
      System.exit(2);
    }
    Path goodbooks = Path.of(args[0]);
    boolean rulesOnly = false;
    List<Integer> sizes = List.of(1, 10, 100);
    int runs = 3;
    long timeoutSeconds = 60;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--rules-only" -> rulesOnly = true;
        case "--sizes" -> {
          List<Integer> s = new ArrayList<>();
          for (String p : args[++i].split(",")) {
            s.add(Integer.parseInt(p.strip()));
          }
          sizes = List.copyOf(s);
        }
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--timeout" -> timeoutSeconds = Long.parseLong(args[++i]);
        default -> throw new IllegalArgumentException("argument (" + args[i]
            + ") must be one of --rules-only, --sizes LIST, --runs N, --timeout SECONDS");
      }
    }
    IntentCatalogue catalogue = goodbooksCatalogue(goodbooks);
    System.out.printf(Locale.ROOT, "catalogue: %d titles, %d labels, attributes %s%n", catalogue.titles().size(),
        catalogue.labels().size(), new TreeSet<>(catalogue.numericAttributes()));
    Embedder en = rulesOnly ? null : Embedders.builtIn("bge-small-en-v15-q");
    IntentParser parser = rulesOnly ? new RuleIntentParser()
        : IntentParsers.inProcess(() -> en, () -> Embedders.builtIn("bge-small-zh-v15"));
    ExecutorService pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "parse");
      t.setDaemon(true);
      return t;
    });
    long w0 = System.nanoTime();
    for (String warm : List.of("cosy mysteries, nothing too dark, under 300 pages", "something like Dune",
        "推荐几本轻松的科幻小说，不要恐怖的", "books about the history of salt")) {
      parser.parse(warm, catalogue, List.of());
    }
    System.out.printf(Locale.ROOT, "parser: %s; warm-up (prototypes, both encoders) %.1f s%n",
        rulesOnly ? "rules + synonyms" : "rules + synonyms + encoder prototypes (engine default)",
        (System.nanoTime() - w0) / 1e9);

    Map<String, Map<Integer, String>> cells = new LinkedHashMap<>();
    Set<String> given = new TreeSet<>();
    for (int size : sizes) { // all shapes at one size before the next, so an abandoned parse slows only larger ones
      for (Shape shape : SHAPES) {
        Map<Integer, String> row = cells.computeIfAbsent(shape.name(), k -> new TreeMap<>());
        if (given.contains(shape.name())) {
          row.put(size, "skipped");
          continue;
        }
        String text = repeat(shape.unit(), size * 1024);
        double best = Double.POSITIVE_INFINITY;
        String cell = null;
        for (int r = 0; r < runs && cell == null; r++) {
          long t0 = System.nanoTime();
          Future<?> f = pool.submit(() -> parser.parse(text, catalogue, List.of("1", "2", "3")));
          try {
            f.get(timeoutSeconds, TimeUnit.SECONDS);
            best = Math.min(best, (System.nanoTime() - t0) / 1e6);
          } catch (TimeoutException e) {
            f.cancel(true);
            cell = "> " + timeoutSeconds + " s";
            given.add(shape.name());
          } catch (ExecutionException e) {
            cell = e.getCause().getClass().getSimpleName();
            given.add(shape.name());
          }
          if (best > 10_000) {
            break; // one slow run is figure enough
          }
        }
        row.put(size, cell != null ? cell : String.format(Locale.ROOT, "%.1f", best));
        System.out.printf(Locale.ROOT, "  %-22s %4d KB: %s%n", shape.name(), size, row.get(size));
      }
    }
    StringBuilder head = new StringBuilder("| input |");
    StringBuilder rule = new StringBuilder("| --- |");
    for (int size : sizes) {
      head.append(' ').append(size).append(" KB (ms) |");
      rule.append(" ---: |");
    }
    System.out.println();
    System.out.println(head);
    System.out.println(rule);
    for (Map.Entry<String, Map<Integer, String>> row : cells.entrySet()) {
      StringBuilder line = new StringBuilder("| " + row.getKey() + " |");
      for (int size : sizes) {
        line.append(' ').append(row.getValue().get(size)).append(" |");
      }
      System.out.println(line);
    }
    System.exit(0); // abandoned parses may still run
  }

  /** {@code unit} repeated up to {@code bytes} bytes of UTF-8 (whole units; at least one). */
  static String repeat(String unit, int bytes) {
    int unitBytes = unit.getBytes(StandardCharsets.UTF_8).length;
    return unit.repeat(Math.max(1, bytes / unitBytes));
  }

  /** goodbooks-10k's items as an intent catalogue, through the project's importer (items only). */
  static IntentCatalogue goodbooksCatalogue(Path dir) throws IOException {
    Path tmp = Files.createTempDirectory("intent-timing");
    try {
      Path data = Files.createDirectory(tmp.resolve("goodbooks"));
      for (String f : List.of("books.csv", "tags.csv", "book_tags.csv")) {
        Files.createSymbolicLink(data.resolve(f), dir.toAbsolutePath().resolve(f));
      }
      Map<String, Integer> labels = new TreeMap<>();
      Map<String, String> titles = new TreeMap<>();
      Set<String> attrs = new TreeSet<>();
      try (Store store = Store.open(tmp.resolve("items.db"))) {
        new GoodbooksImporter(data).importInto(store, ImportOptions.DEFAULT);
        store.items().forEach((Item item) -> {
          if (!item.title().isBlank()) {
            titles.put(item.id(), item.title());
          }
          Set<String> own = new TreeSet<>();
          item.categories().forEach(c -> own.add(c.toLowerCase(Locale.ROOT).strip()));
          item.tags().forEach(t -> own.add(t.toLowerCase(Locale.ROOT).strip()));
          own.remove("");
          own.forEach(l -> labels.merge(l, 1, Integer::sum));
          item.attributes().forEach((k, v) -> {
            if (v instanceof Attribute.Number) {
              attrs.add(k.toLowerCase(Locale.ROOT));
            }
          });
        });
      }
      Map<String, Integer> l = Map.copyOf(labels);
      Map<String, String> t = Map.copyOf(titles);
      Set<String> a = Set.copyOf(attrs);
      return new IntentCatalogue() {
        @Override
        public Map<String, Integer> labels() {
          return l;
        }

        @Override
        public Set<String> numericAttributes() {
          return a;
        }

        @Override
        public Map<String, String> titles() {
          return t;
        }
      };
    } finally {
      try (var walk = Files.walk(tmp)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
