package dev.tandem.cli;

import dev.tandem.core.snapshot.ModelSnapshot;
import dev.tandem.core.snapshot.SnapshotFile;
import dev.tandem.engine.Tandem;
import dev.tandem.wire.CommandJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "info", description = "Show what is in the home: data counts, snapshots, models and their parameters.")
final class InfoCommand implements Callable<Integer> {
  @ParentCommand TandemCli cli;
  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    try (Tandem tandem = cli.open()) {
      List<Map<String, Object>> snaps = new ArrayList<>();
      for (long v : tandem.snapshots().versions()) {
        Path file = tandem.snapshots().fileOf(v);
        ModelSnapshot header = null;
        String error = null;
        try {
          header = SnapshotFile.read(file, Set.of());
        } catch (IOException e) {
          error = e.getMessage();
        }
        snaps.add(CommandJson.snapshotFile(v, file.toString(), Files.size(file), header, error));
      }
      Map<String, Object> m = CommandJson.info(tandem.home().toAbsolutePath().normalize().toString(),
          tandem.store().items().count(), tandem.store().users().count(), tandem.store().feedback().count(), snaps);
      if (json) {
        Json.print(out, m);
        return 0;
      }
      out.printf(Locale.ROOT, "Home      %s%n", m.get("home"));
      out.printf(Locale.ROOT, "Items     %,d%nUsers     %,d%nFeedback  %,d%n", m.get("items"), m.get("users"), m.get("feedback"));
      if (snaps.isEmpty()) {
        out.println("Snapshots none yet (run `tandem train`)");
      }
      for (Map<String, Object> s : snaps) {
        out.printf(Locale.ROOT, "Snapshot  %d  %s  %.1f MB%s%n", (Long) s.get("version"), s.getOrDefault("created", "?"),
            ((Long) s.get("bytes")) / 1e6, s.containsKey("error") ? "  UNREADABLE: " + s.get("error") : "");
        if (s.get("models") instanceof Map<?, ?> models) {
          @SuppressWarnings("unchecked")
          Map<String, String> info = (Map<String, String>) s.get("info");
          models.forEach((name, params) -> out.printf(Locale.ROOT, "  %-8s %s  fit %s s%n", name, params,
              info.getOrDefault("fit_seconds." + name, "?")));
        }
      }
    }
    return 0;
  }
}
