package dev.tandem.store.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.core.data.Item;
import dev.tandem.core.data.Quote;
import dev.tandem.core.data.User;
import dev.tandem.store.BulkLoad;
import dev.tandem.store.Store;
import dev.tandem.store.StoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running import: the bulk load it writes to, its counters, its bad-row budget and its
 * progress reporting. {@link #execute} wraps an import body in one transaction.
 */
final class ImportRun {
  private static final Logger LOG = LoggerFactory.getLogger(ImportRun.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The meta key under which the last import's summary is stored as JSON. */
  static final String META_LAST_IMPORT = "import.last";
  private static final int MAX_MESSAGES = 10;
  private static final int PROGRESS_EVERY = 1 << 14;

  private final BulkLoad load;
  private final ImportOptions options;
  private long itemsRead;
  private long usersRead;
  private long feedbackRead;
  private long badRows;
  private final List<String> messages = new ArrayList<>();
  private int sinceProgress;
  private String lastType;

  /** An import body. */
  @FunctionalInterface
  interface Body {
    void run(ImportRun run) throws IOException;
  }

  private ImportRun(BulkLoad load, ImportOptions options) {
    this.load = load;
    this.options = options;
  }

  /**
   * Runs {@code body} in one bulk load and commits; on any failure rolls back and throws.
   *
   * @throws ImportException on malformed input or I/O failure (store unchanged)
   */
  static ImportSummary execute(Store store, ImportOptions options, String source, Body body) {
    long start = System.nanoTime();
    BulkLoad.Counts counts;
    ImportRun run;
    try (BulkLoad load = store.bulkLoad()) {
      run = new ImportRun(load, options);
      body.run(run);
      options.progress().progress("commit", 0, 1);
      counts = load.commit();
      options.progress().progress("commit", 1, 1);
    } catch (BadRowException e) {
      throw new ImportException(e.getMessage(), e);
    } catch (IOException | UncheckedIOException e) {
      throw new ImportException(source + ": cannot read: " + e.getMessage(), e);
    } catch (StoreException e) {
      throw new ImportException(source + ": cannot write to the store: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      // a value the store's own checks refused outside any row (every row is checked before): still no partial import
      throw new ImportException(source + ": " + e.getMessage(), e);
    }
    ImportSummary s = new ImportSummary(source, run.itemsRead, run.usersRead, run.feedbackRead, counts.itemsInserted(),
        counts.itemsUpdated(), counts.usersInserted(), counts.usersUpdated(), counts.feedbackInserted(),
        counts.feedbackReplaced(), run.badRows, run.messages, (System.nanoTime() - start) / 1e9);
    try {
      store.meta().put(META_LAST_IMPORT, JSON.writeValueAsString(s));
    } catch (JsonProcessingException | StoreException e) {
      LOG.warn("import committed, but its summary could not be recorded: {}", e.toString());
    }
    LOG.info("{}", s.describe());
    return s;
  }

  ImportOptions options() {
    return options;
  }

  /** Fails the import up front unless {@code type} is configured. */
  void requireType(String type, String source) {
    if (!options.weights().knows(type)) {
      throw new ImportException(source + ": feedback type " + type + " is not configured; configured types are "
          + options.weights().weights().keySet() + " (add it to the feedback weights)");
    }
  }

  /** Fails the import up front unless {@code type} is configured and accepts {@code value} (a format's constant value). */
  void requireValue(String type, double value, String source) {
    requireType(type, source);
    String problem = options.weights().valueProblem(type, value);
    if (problem != null) {
      throw new ImportException(source + ": every event has type " + type + " and value " + value + ", but " + problem);
    }
  }

  void item(Item item) {
    itemsRead++;
    load.putItem(item);
  }

  void user(User user) {
    usersRead++;
    load.putUser(user);
  }

  /**
   * Writes one event of {@code row}; an unconfigured type, or a value outside the type's range
   * ({@link dev.tandem.core.data.FeedbackWeights#valueProblem}), is a bad row.
   */
  void feedback(Row row, String user, String item, String type, double value, long ts) {
    if (!type.equals(lastType)) {
      if (!options.weights().knows(type)) {
        throw row.bad("type", type, "a configured feedback type " + options.weights().weights().keySet());
      }
      lastType = type;
    }
    String problem = options.weights().valueProblem(type, value);
    if (problem != null) {
      throw row.bad("event (user " + Quote.of(user, 64) + ", item " + Quote.of(item, 64) + ", type " + type + "): "
          + problem);
    }
    feedbackRead++;
    load.feedback(user, item, type, value, ts);
  }

  /**
   * Writes one event built from several rows (no single row to blame), whose type and value were
   * checked with {@link #requireValue}; ids and timestamp are checked by the store.
   */
  void feedback(String user, String item, String type, double value, long ts) {
    feedbackRead++;
    load.feedback(user, item, type, value, ts);
  }

  /** Counts a bad row, failing once more than maxBadRows were seen. */
  void bad(BadRowException e) {
    badRows++;
    if (badRows > options.maxBadRows()) {
      String msg = options.maxBadRows() == 0 ? e.getMessage()
          : e.getMessage() + " (more than maxBadRows = " + options.maxBadRows() + " bad rows)";
      throw new ImportException(msg, e);
    }
    if (messages.size() < MAX_MESSAGES) {
      messages.add(e.getMessage());
    }
  }

  /** Reports progress on {@code file} every few thousand rows. */
  void tick(TextFile file) {
    if (++sinceProgress >= PROGRESS_EVERY) {
      sinceProgress = 0;
      options.progress().progress(file.name(), Math.min(file.bytesRead(), file.size() - 1), file.size());
    }
  }

  /** A per-row action; throwing {@link BadRowException} marks the row bad. */
  @FunctionalInterface
  interface RowHandler {
    void accept(Row row);
  }

  /**
   * Streams the non-empty lines of {@code file}, split on {@code sep}, to {@code handler};
   * bad rows are counted against the budget. Closes the file.
   */
  void eachLine(TextFile file, String sep, RowHandler handler) {
    Row row = new Row();
    try (file) {
      String line;
      while ((line = file.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        row.at(file.name(), file.line).split(line, sep);
        handle(row, -1, handler);
        tick(file);
      }
      done(file);
    }
  }

  /**
   * Streams the records of a CSV file after its header to {@code handler} (blank records
   * skipped; a record with another number of cells than the header is a bad row, never trimmed or
   * padded); the header is given to {@code onHeader} first. Closes the file.
   *
   * @throws ImportException if the file has no header row
   */
  void eachCsv(TextFile file, char sep, Consumer<List<String>> onHeader, RowHandler handler) {
    Row row = new Row();
    try (file) {
      CsvReader csv = new CsvReader(file, sep);
      List<String> header = new ArrayList<>();
      if (!csv.next(header)) {
        throw new ImportException(file.name() + ": empty file, expected a header row");
      }
      header.replaceAll(h -> h.trim().toLowerCase(Locale.ROOT));
      onHeader.accept(List.copyOf(header));
      while (csv.next(row.values)) {
        row.at(file.name(), csv.line());
        if (row.values.size() == 1 && row.values.get(0).isBlank()) {
          continue;
        }
        handle(row, header.size(), handler);
        tick(file);
      }
      done(file);
    }
  }

  /**
   * Runs {@code handler} on {@code row} unless it has another number of cells than {@code cells}
   * (-1: any): a wrong cell count, a {@link BadRowException}, or an {@link IllegalArgumentException}
   * from a record's own checks (an id, a limit) marks the row bad.
   */
  private void handle(Row row, int cells, RowHandler handler) {
    try {
      if (cells >= 0) {
        row.requireCells(cells);
      }
      handler.accept(row);
    } catch (BadRowException e) {
      bad(e);
    } catch (IllegalArgumentException e) {
      bad(row.bad(e.getMessage()));
    }
  }

  /** Reports that {@code file} is done. */
  void done(TextFile file) {
    sinceProgress = 0;
    options.progress().progress(file.name(), file.size(), file.size());
  }
}
