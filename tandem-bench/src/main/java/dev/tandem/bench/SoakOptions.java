package dev.tandem.bench;

import static dev.tandem.bench.LoadTest.Options.positive;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The options of a {@link Soak} run; see its class comment. */
record SoakOptions(URI url, String key, String readKey, long pid, Path users, Path items, double minutes,
    double interval, double retrainEvery, List<String> trainModels, double fraction, int[] levels, double ramp,
    double warmup, int workers, double settleMinutes, double rssGrowth, double rssSlackMiB, long seed, Path json,
    boolean bounded, int eventKeys) {
  static SoakOptions parse(String[] args) {
    URI url = null;
    String key = "";
    String readKey = "";
    long pid = -1;
    Path users = null;
    Path items = null;
    double minutes = 30;
    double interval = 30;
    double retrainEvery = 300;
    List<String> trainModels = List.of();
    double fraction = 0.7;
    int[] levels = {1, 2, 4, 8, 16};
    double ramp = 10;
    double warmup = 20;
    int workers = 16;
    double settle = -1;
    double rssGrowth = 0.15;
    double rssSlack = 64;
    long seed = 42;
    Path json = null;
    boolean bounded = true;
    int eventKeys = 20_000;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + a + " needs a value");
      }
      String v = args[++i];
      switch (a) {
        case "--url" -> url = URI.create(v.endsWith("/") ? v.substring(0, v.length() - 1) : v);
        case "--key" -> key = v;
        case "--read-key" -> readKey = v;
        case "--pid" -> pid = Long.parseLong(v);
        case "--users" -> users = Path.of(v);
        case "--items" -> items = Path.of(v);
        case "--minutes" -> minutes = positive(a, v);
        case "--interval" -> interval = positive(a, v);
        case "--retrain-every" -> retrainEvery = Double.parseDouble(v);
        case "--train-models" -> trainModels = Arrays.stream(v.split(",")).map(String::trim)
            .filter(s -> !s.isEmpty()).toList();
        case "--fraction" -> fraction = positive(a, v);
        case "--levels" -> levels = Arrays.stream(v.split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        case "--ramp" -> ramp = positive(a, v);
        case "--warmup" -> warmup = Double.parseDouble(v);
        case "--workers" -> workers = (int) positive(a, v);
        case "--settle" -> settle = Double.parseDouble(v);
        case "--rss-growth" -> rssGrowth = positive(a, v);
        case "--rss-slack" -> rssSlack = Double.parseDouble(v);
        case "--seed" -> seed = Long.parseLong(v);
        case "--json" -> json = Path.of(v);
        case "--data" -> {
          if (!v.equals("bounded") && !v.equals("growing")) {
            throw new IllegalArgumentException("--data (" + v + ") must be bounded or growing");
          }
          bounded = v.equals("bounded");
        }
        case "--event-keys" -> eventKeys = (int) positive(a, v);
        default -> throw new IllegalArgumentException("unknown option " + a + "; expected --url, --key, --read-key,"
            + " --pid, --users, --items, --minutes, --interval, --retrain-every, --train-models, --fraction, --levels,"
            + " --ramp, --warmup, --workers, --settle, --rss-growth, --rss-slack, --seed, --json, --data,"
            + " --event-keys");
      }
    }
    if (url == null || users == null || items == null || key.isEmpty()) {
      throw new IllegalArgumentException("--url, --key, --users and --items are required");
    }
    if (fraction > 1) {
      throw new IllegalArgumentException("--fraction (" + fraction + ") must be in (0, 1]");
    }
    for (int c : levels) {
      if (c < 1) {
        throw new IllegalArgumentException("--levels (" + c + ") must be >= 1");
      }
    }
    if (settle < 0) {
      settle = Math.max(interval / 60, minutes / 6);
    }
    if (settle >= minutes) {
      throw new IllegalArgumentException("--settle (" + settle + " min) must be shorter than --minutes ("
          + minutes + ")");
    }
    return new SoakOptions(url, key, readKey.isEmpty() ? key : readKey, pid, users, items, minutes, interval,
        retrainEvery, trainModels, fraction, levels, ramp, warmup, workers, settle, rssGrowth, rssSlack, seed, json,
        bounded, eventKeys);
  }
}
