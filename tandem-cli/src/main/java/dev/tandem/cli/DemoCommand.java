package dev.tandem.cli;

import dev.tandem.core.data.Feedback;
import dev.tandem.core.data.Item;
import dev.tandem.core.fusion.Contribution;
import dev.tandem.engine.RecommendOptions;
import dev.tandem.engine.RecommendResult;
import dev.tandem.engine.Recommendation;
import dev.tandem.engine.ServerConfig;
import dev.tandem.engine.Tandem;
import dev.tandem.engine.TrainOptions;
import dev.tandem.engine.TrainReport;
import dev.tandem.server.TandemServer;
import dev.tandem.store.imports.CsvImporter;
import dev.tandem.store.imports.ImportOptions;
import dev.tandem.store.imports.ImportSummary;
import dev.tandem.store.imports.TableFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * Runs Tandem end to end on the bundled sample (600 books of goodbooks-10k, CC BY-SA 4.0):
 * import, train collaborative and content models fused by reciprocal rank (embedding the books'
 * documents in-process), recommend for a few readers with each channel's evidence, recommend for a
 * new reader from a sentence, show similar books; then serve the REST API on the demo home and print
 * ready-to-paste curl commands (unless {@code --no-serve}).
 */
@Command(name = "demo", description = "Import the bundled goodbooks-10k sample, train, show recommendations, then"
    + " serve the REST API and print curl commands to try (--no-serve: exit after printing).")
final class DemoCommand implements Callable<Integer> {
  static final String SAMPLE = "/dev/tandem/cli/demo/goodbooks-sample/";
  static final List<String> FILES = List.of("items.csv", "feedback.csv", "ATTRIBUTION.md");

  @ParentCommand TandemCli cli;
  @Spec CommandSpec spec;

  @Option(names = "--users", defaultValue = "3", description = "How many readers to show (default: ${DEFAULT-VALUE}).")
  int users;

  @Option(names = "--n", defaultValue = "5", description = "Recommendations per reader (default: ${DEFAULT-VALUE}).")
  int n;

  @Option(names = "--no-serve", description = "Exit after printing, without starting the REST server.")
  boolean noServe;

  @Option(names = "--port", defaultValue = "8080", description = "Port for the REST server (default ${DEFAULT-VALUE};"
      + " when taken, any free port; 0: any free port).")
  int port;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (users < 1 || n < 1) {
      throw new IllegalArgumentException("--users (" + users + ") and --n (" + n + ") must be >= 1");
    }
    try (Tandem tandem = cli.openOrCreate()) {
      Path data = extractSample(tandem.home().resolve("demo-data"));
      out.println("Tandem demo: home " + tandem.home().toAbsolutePath().normalize());
      out.println("Sample: 600 books from goodbooks-10k by Zygmunt Zajac, CC BY-SA 4.0 (" + data.resolve("ATTRIBUTION.md") + ")");
      out.println();

      ProgressBar bar = new ProgressBar(true);
      ImportSummary s = new CsvImporter(TableFiles.of(data.resolve("items.csv"), null, data.resolve("feedback.csv")))
          .importInto(tandem.store(), ImportOptions.DEFAULT.withWeights(tandem.config().feedback()).withProgress(bar::update));
      bar.finish();
      out.println("1. Imported " + s.describe());

      out.println("2. Training pop, itemknn, ease, semantic and rrf (reciprocal-rank fusion of ease, itemknn, the content-aware"
          + " hybrid, semantic and bm25; the books' documents are embedded in-process first) ...");
      TrainReport r = tandem.train(new TrainOptions(List.of("pop", "itemknn", "ease", "semantic", "rrf"), Map.of(),
          (m, sec) -> {
            out.printf(Locale.ROOT, "     %-8s %.2f s%n", m, sec);
            out.flush();
          }));
      out.printf(Locale.ROOT, "   snapshot %d: %,d readers x %,d books, %,d liked pairs (ratings >= 4)%n%n", r.version(),
          r.users(), r.items(), r.interactions());

      out.println("3. Recommendations (model rrf; each reader's history comes from the store; after each book, the"
          + " channels that ranked it and where):");
      List<String> shown = readers(tandem, users);
      for (String user : shown) {
        List<Feedback> history = tandem.store().feedback().history(user);
        List<String> liked = new ArrayList<>();
        for (Feedback f : history) {
          if (f.value() >= tandem.config().feedback().positiveRating() && liked.size() < 3) {
            liked.add(f.item());
          }
        }
        Map<String, Item> titles = tandem.store().items().getAll(liked);
        out.printf(Locale.ROOT, "%n   Reader %s rated %d books and liked, among others:%n", user, history.size());
        for (String id : liked) {
          out.println("     - " + titles.get(id).title());
        }
        RecommendResult rec = tandem.recommend(user, RecommendOptions.top(n).withModel("rrf"));
        out.println("   Tandem recommends:");
        printWithEvidence(out, rec);
      }

      String profile = "I love epic fantasy with dragons and magic";
      RecommendResult byProfile = tandem.recommend("", profile, RecommendOptions.top(n).withModel("rrf"));
      out.printf(Locale.ROOT, "%n4. A new reader with no history says \"%s\" (model %s, the sentence embedded"
          + " in-process):%n", profile, byProfile.model());
      Lists.printItems(out, byProfile.items());

      String harry = "2";
      RecommendResult sim = tandem.similar(harry, RecommendOptions.top(n).withModel("itemknn"));
      out.printf(Locale.ROOT, "%n5. Books similar to \"%s\" (model itemknn):%n",
          tandem.store().items().get(harry).map(Item::title).orElse(harry));
      Lists.printItems(out, sim.items());

      if (!noServe) {
        serve(tandem, out, shown.get(0));
        return 0;
      }
      String home = cli.homeGiven() ? " --home " + tandem.home() : "";
      out.println();
      out.println("Try next:");
      out.println("  ./tandem" + home + " recommend --user " + shown.get(0) + " --n 10 --model rrf --explain");
      out.println("  ./tandem" + home + " recommend --profile \"short funny novels about friendship\"");
      out.println("  ./tandem" + home + " recommend --user 35 --category fantasy");
      out.println("  ./tandem" + home + " similar --item 1 --n 10 --json");
      out.println("  ./tandem" + home + " info");
      out.println("  ./tandem --home my-home import goodbooks ../shared/data/goodbooks-10k   # your own data; see README");
    }
    return 0;
  }

  /**
   * Starts the REST server on the demo home and prints ready-to-paste curl commands (each on one
   * line starting with {@code curl}), then serves until stopped (Ctrl-C, or an interrupt of this thread).
   */
  private void serve(Tandem tandem, PrintWriter out, String reader) throws Exception {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port (" + port + ") must be in 0..65535");
    }
    byte[] random = new byte[20];
    new SecureRandom().nextBytes(random);
    String key = HexFormat.of().formatHex(random);
    ServerConfig keys = tandem.config().server().withEnv(System.getenv())
        .withEnv(Map.of(ServerConfig.KEYS_ENV, "demo:" + key + ":write"));
    TandemServer server;
    int wanted = port;
    try {
      server = TandemServer.start(tandem, "127.0.0.1", wanted, keys);
    } catch (RuntimeException e) {
      if (wanted == 0 || !isBindFailure(e)) {
        throw e;
      }
      server = TandemServer.start(tandem, "127.0.0.1", 0, keys);
      out.println();
      out.println("(port " + wanted + " is taken; serving on " + server.port() + " instead)");
    }
    boolean interrupted = false;
    try (TandemServer s = server) {
      String url = "http://127.0.0.1:" + s.port();
      out.println();
      out.println("6. The REST server is up on " + url + " (API: " + url + "/openapi.json) with a write key made for"
          + " this run (key name demo; set your own in [server] api_keys or TANDEM_API_KEYS). Paste into another"
          + " shell:");
      String top = tandem.recommend(reader, RecommendOptions.top(1).withModel("rrf")).items().get(0).itemId();
      for (String line : curlCommands(url, key, reader, top)) {
        out.println(line);
      }
      out.println("Serving until Ctrl-C; `./tandem demo --no-serve` prints and exits.");
      out.flush();
      Thread hook = new Thread(s::close);
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        s.join();
      } catch (InterruptedException e) {
        interrupted = true; // stop serving; the flag is restored once the server is closed
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** The demo's requests: comments (#) explain what each curl line shows. */
  static List<String> curlCommands(String url, String key, String reader, String topItem) {
    String auth = " -H 'Authorization: Bearer " + key + "'";
    String json = auth + " -H 'Content-Type: application/json'";
    return List.of(
        "  # health: snapshot version, models, counts",
        "  curl -sS " + url + "/health",
        "  # recommendations for reader " + reader + " from their stored history, with each channel's evidence",
        "  curl -sS" + auth + " '" + url + "/recommend/" + reader + "?n=5&model=rrf&explain=true'",
        "  # the reader likes their top book " + topItem + ": run the line above again, it is gone (seen) and the"
            + " list moves, with no retraining",
        "  curl -sS -X POST" + json + " -d '[{\"user\":\"" + reader + "\",\"item\":\"" + topItem
            + "\",\"type\":\"like\"}]' " + url + "/feedback",
        "  # an anonymous visitor described by a sentence",
        "  curl -sS -X POST" + json + " -d '{\"profile\":\"short funny novels about friendship\",\"n\":5}' "
            + url + "/recommend",
        "  # books similar to Harry Potter and the Sorcerer's Stone",
        "  curl -sS" + auth + " '" + url + "/items/2/similar?n=5&model=itemknn'",
        "  # a page of the catalogue, filtered by a category",
        "  curl -sS" + auth + " '" + url + "/items?limit=3&category=fantasy'",
        "  # a new book, never trained on: embedded on arrival (\"fresh\":1) and recommendable at once",
        "  curl -sS -X POST" + json + " -d '[{\"id\":\"new-1\",\"title\":\"The Clockwork Lighthouse\","
            + "\"description\":\"A lighthouse keeper builds clockwork birds on a stormy northern island.\","
            + "\"categories\":[\"fantasy\"]}]' " + url + "/items",
        "  curl -sS -X POST" + json + " -d '{\"profile\":\"a lighthouse keeper and clockwork birds on a stormy"
            + " island\",\"model\":\"semantic\",\"n\":3}' " + url + "/recommend");
  }

  private static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  /** Prints the list, each book followed by the channels that retrieved it, best rank first. */
  private static void printWithEvidence(PrintWriter out, RecommendResult rec) {
    int rank = 1;
    for (Recommendation r : rec.items()) {
      StringBuilder why = new StringBuilder();
      r.evidence().stream().filter(Contribution::retrieved).sorted(Comparator.comparingInt(Contribution::rank))
          .forEach(c -> why.append(why.length() == 0 ? "" : ", ").append(c.channel()).append(" #").append(c.rank()));
      out.printf(Locale.ROOT, "  %2d. %-6s %s%n        [%s]%n", rank++, r.itemId(),
          r.title().isEmpty() ? "(no title)" : r.title(), why);
    }
  }

  /** The {@code count} readers with the most ratings (ties: smaller id), a stable choice. */
  static List<String> readers(Tandem tandem, int count) {
    Map<String, Integer> counts = new HashMap<>();
    tandem.store().feedback().scan((user, item, type, value, ts) -> counts.merge(user, 1, Integer::sum));
    List<String> ids = new ArrayList<>(counts.keySet());
    ids.sort(Comparator.<String>comparingInt(counts::get).reversed().thenComparing(Comparator.naturalOrder()));
    return ids.subList(0, Math.min(count, ids.size()));
  }

  static Path extractSample(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (String f : FILES) {
      try (InputStream in = DemoCommand.class.getResourceAsStream(SAMPLE + f)) {
        if (in == null) {
          throw new IllegalStateException("demo sample file " + f + " is missing from the build");
        }
        Files.copy(in, dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return dir;
  }
}
