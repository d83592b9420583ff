package dev.tandem.cli;

import dev.tandem.engine.Tandem;
import dev.tandem.store.imports.AmazonImporter;
import dev.tandem.store.imports.CsvImporter;
import dev.tandem.store.imports.GoodbooksImporter;
import dev.tandem.store.imports.ImportOptions;
import dev.tandem.store.imports.ImportSummary;
import dev.tandem.store.imports.Importer;
import dev.tandem.store.imports.JsonlImporter;
import dev.tandem.store.imports.MovieLensImporter;
import dev.tandem.store.imports.TableFiles;
import dev.tandem.wire.CommandJson;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "import", description = {"Import items, users and feedback into the store (one transaction; re-importing is idempotent).",
    "Creates the home when it is none yet."},
    subcommands = {ImportCommand.MovieLens.class, ImportCommand.Goodbooks.class, ImportCommand.Amazon.class,
        ImportCommand.Csv.class, ImportCommand.Jsonl.class})
final class ImportCommand {
  @ParentCommand TandemCli cli;

  /** Options every import takes. */
  static final class Common {
    @Option(names = "--max-bad-rows", defaultValue = "0", paramLabel = "N",
        description = "Skip up to N malformed rows (listed in the summary) instead of failing (default: ${DEFAULT-VALUE}).")
    int maxBadRows;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;
  }

  static int run(ImportCommand parent, CommandSpec spec, Common common, Importer importer) {
    PrintWriter out = spec.commandLine().getOut();
    try (Tandem tandem = parent.cli.openOrCreate()) {
      ProgressBar bar = new ProgressBar(true);
      ImportOptions options = ImportOptions.DEFAULT.withWeights(tandem.config().feedback())
          .withMaxBadRows(common.maxBadRows).withProgress(bar::update);
      ImportSummary s;
      try {
        s = importer.importInto(tandem.store(), options);
      } finally {
        bar.finish();
      }
      print(out, common.json, s);
    }
    return 0;
  }

  static void print(PrintWriter out, boolean json, ImportSummary s) {
    if (json) {
      Json.print(out, CommandJson.importSummary(s));
      return;
    }
    out.println("Imported " + s.describe());
    for (String msg : s.badRowMessages()) {
      out.println("  skipped: " + msg);
    }
  }

  /** An import whose input is one folder. */
  abstract static class FolderImport implements Callable<Integer> {
    @ParentCommand ImportCommand parent;
    @Spec CommandSpec spec;
    @Mixin Common common;
    @Parameters(paramLabel = "DIR", description = "The data set's folder.") Path dir;

    abstract Importer importer(Path dir);

    @Override
    public Integer call() {
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException(spec.name() + " folder (" + dir + ") does not exist or is not a folder");
      }
      return run(parent, spec, common, importer(dir));
    }
  }

  @Command(name = "movielens", description = "Import a MovieLens 100K (u.data, u.item), 1M (*.dat[.gz]) or 20M/25M/32M (ratings.csv, movies.csv) folder.")
  static final class MovieLens extends FolderImport {
    @Override
    Importer importer(Path dir) {
      return new MovieLensImporter(dir);
    }
  }

  @Command(name = "goodbooks", description = "Import a goodbooks-10k folder: books.csv, book_tags.csv + tags.csv, ratings.csv or ratings-v1.csv.xz.")
  static final class Goodbooks extends FolderImport {
    @Override
    Importer importer(Path dir) {
      return new GoodbooksImporter(dir);
    }
  }

  @Command(name = "amazon", description = "Import Amazon reviews as preprocessed by RecBole/UniSRec (*.item2index, *.user2index, *.text, *.{train,valid,test}.inter).")
  static final class Amazon extends FolderImport {
    @Override
    Importer importer(Path dir) {
      return new AmazonImporter(dir);
    }
  }

  /** Files of a generic import. */
  static final class Files3 {
    @Option(names = "--items", paramLabel = "FILE", description = "Items file.") Path items;
    @Option(names = "--users", paramLabel = "FILE", description = "Users file.") Path users;
    @Option(names = "--feedback", paramLabel = "FILE", description = "Feedback file.") Path feedback;

    TableFiles tables() {
      if (items == null && users == null && feedback == null) {
        throw new IllegalArgumentException("give at least one of --items, --users, --feedback");
      }
      return TableFiles.of(items, users, feedback);
    }
  }

  @Command(name = "csv", description = "Import generic CSV files with a header row (schema in the README).")
  static final class Csv implements Callable<Integer> {
    @ParentCommand ImportCommand parent;
    @Spec CommandSpec spec;
    @Mixin Common common;
    @Mixin Files3 files;

    @Override
    public Integer call() {
      return run(parent, spec, common, new CsvImporter(files.tables()));
    }
  }

  @Command(name = "jsonl", description = "Import generic JSON Lines files, one object per line (schema in the README).")
  static final class Jsonl implements Callable<Integer> {
    @ParentCommand ImportCommand parent;
    @Spec CommandSpec spec;
    @Mixin Common common;
    @Mixin Files3 files;

    @Override
    public Integer call() {
      return run(parent, spec, common, new JsonlImporter(files.tables()));
    }
  }
}
