package dev.tandem.store.imports;

import dev.tandem.core.data.Ids;
import dev.tandem.core.data.Limits;
import dev.tandem.core.data.Quote;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The fields of one input row with typed accessors whose errors name the file, line, field,
 * value and what was expected. Reused across rows; not thread-safe.
 */
final class Row {
  final List<String> values = new ArrayList<>();
  private String file;
  private long line;

  /** Points this row at a new line of {@code file}. */
  Row at(String file, long line) {
    this.file = file;
    this.line = line;
    return this;
  }

  /** Splits {@code text} on every occurrence of {@code sep} (empty fields kept) into this row. */
  Row split(String text, String sep) {
    values.clear();
    int from = 0;
    int n = sep.length();
    if (n == 1) {
      char c = sep.charAt(0);
      for (int i = 0; i < text.length(); i++) {
        if (text.charAt(i) == c) {
          values.add(text.substring(from, i));
          from = i + 1;
        }
      }
    } else {
      int i;
      while ((i = text.indexOf(sep, from)) >= 0) {
        values.add(text.substring(from, i));
        from = i + n;
      }
    }
    values.add(text.substring(from));
    return this;
  }

  String where() {
    return file + " line " + line;
  }

  int size() {
    return values.size();
  }

  /**
   * Fails unless the row has exactly {@code n} fields: a row with more or fewer is bad, never
   * trimmed or padded.
   */
  void requireFields(int n, String layout) {
    if (values.size() != n) {
      throw new BadRowException(where() + ": has " + values.size() + (values.size() == 1 ? " field" : " fields")
          + "; expected " + n + " (" + layout + ")");
    }
  }

  /** Fails unless the row has as many cells as the header. */
  void requireCells(int header) {
    if (values.size() != header) {
      throw new BadRowException(where() + ": has " + values.size() + (values.size() == 1 ? " cell" : " cells")
          + "; the header has " + header);
    }
  }

  /** The raw text of field {@code i}, "" when the row is shorter. */
  String text(int i) {
    return i >= 0 && i < values.size() ? values.get(i) : "";
  }

  /**
   * An id from a delimited text cell: spaces and tabs around it are dropped (files pad cells), then
   * it must follow the id policy ({@link Ids}).
   */
  String id(int i, String field) {
    return id(strip(text(i)), field, this);
  }

  /** {@code v} when it is a valid id, else a bad row naming {@code field}, the quoted value and what is wrong. */
  static String id(String v, String field, Row row) {
    if (!Ids.isValid(v)) {
      String problem = Ids.problem(v, Ids.MAX_CODE_POINTS);
      throw row.bad("field " + field + " (" + Quote.of(v) + ") " + problem + "; " + Ids.RULE);
    }
    return v;
  }

  /** {@code v} without leading and trailing spaces and tabs (and nothing else: other characters are data). */
  static String strip(String v) {
    int from = 0;
    int to = v.length();
    while (from < to && (v.charAt(from) == ' ' || v.charAt(from) == '\t')) {
      from++;
    }
    while (to > from && (v.charAt(to - 1) == ' ' || v.charAt(to - 1) == '\t')) {
      to--;
    }
    return from == 0 && to == v.length() ? v : v.substring(from, to);
  }

  /** A finite number. */
  double number(int i, String field) {
    String v = text(i).trim();
    try {
      double d = Double.parseDouble(v);
      if (Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad(field, v, "a number");
  }

  /** A whole number. */
  long integer(int i, String field) {
    String v = text(i).trim();
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw bad(field, v, "a whole number");
    }
  }

  /**
   * A feedback timestamp: epoch seconds, or an ISO-8601 date, date-time or offset date-time (UTC
   * when no offset), in [0, {@value Limits#MAX_TIMESTAMP}]; "" (an optional column's empty cell) is 0.
   */
  long time(int i, String field) {
    return timestamp(parseTime(text(i).trim(), this, field), text(i).trim(), field, this);
  }

  /** An item's {@code created_at}: as {@link #time}, in the range of {@link Limits#createdAt}. */
  long createdAt(int i, String field) {
    return createdAt(parseTime(text(i).trim(), this, field), text(i).trim(), field, this);
  }

  /** Whole epoch seconds in [0, {@value Limits#MAX_TIMESTAMP}]. */
  long epochSeconds(int i, String field) {
    return timestamp(integer(i, field), text(i).trim(), field, this);
  }

  static long timestamp(long ts, String text, String field, Row row) {
    if (ts < 0 || ts > Limits.MAX_TIMESTAMP) {
      throw row.bad(field, text, "a time in [0, " + Limits.MAX_TIMESTAMP + "] epoch seconds (1970 to 9999)");
    }
    return ts;
  }

  static long createdAt(long ts, String text, String field, Row row) {
    if (ts < Limits.MIN_CREATED_AT || ts > Limits.MAX_TIMESTAMP) {
      throw row.bad(field, text, "a time in [" + Limits.MIN_CREATED_AT + ", " + Limits.MAX_TIMESTAMP
          + "] epoch seconds (years -9999 to 9999)");
    }
    return ts;
  }

  static long parseTime(String v, Row row, String field) {
    if (v.isEmpty()) {
      return 0;
    }
    char c0 = v.charAt(0);
    if (Character.isDigit(c0) && v.indexOf('-') < 0 || c0 == '-' && v.indexOf('-', 1) < 0) {
      try {
        return Long.parseLong(v);
      } catch (NumberFormatException e) {
        try {
          double d = Double.parseDouble(v);
          if (Double.isFinite(d) && Math.abs(d) < 9.2e18) {
            return (long) d;
          }
        } catch (NumberFormatException e2) {
          // reported below
        }
        throw row.bad(field, v, "epoch seconds or an ISO-8601 date/time");
      }
    }
    try {
      if (v.indexOf('T') < 0 && v.indexOf(':') < 0) { // a date: 2024-01-01, -1750-01-01
        return LocalDate.parse(v).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
      }
      if (v.endsWith("Z") || v.lastIndexOf('+') > 9 || v.lastIndexOf('-') > 9) {
        return OffsetDateTime.parse(v).toEpochSecond();
      }
      return LocalDateTime.parse(v).toEpochSecond(ZoneOffset.UTC);
    } catch (DateTimeException | ArithmeticException e) {
      throw row.bad(field, v, "epoch seconds or an ISO-8601 date/time");
    }
  }

  /** true/false/1/0/yes/no (any case); "" gives {@code dflt}. */
  boolean bool(int i, String field, boolean dflt) {
    String v = text(i).trim();
    switch (v.toLowerCase(Locale.ROOT)) {
      case "":
        return dflt;
      case "true": case "1": case "yes":
        return true;
      case "false": case "0": case "no":
        return false;
      default:
        throw bad(field, v, "true, false, 1 or 0");
    }
  }

  /** A bad-row error for field {@code field} holding {@code value} (quoted and cut: {@link Quote}). */
  BadRowException bad(String field, String value, String expected) {
    return new BadRowException(where() + ": field " + field + " (" + Quote.of(value) + ") must be " + expected);
  }

  /** A bad-row error with a free-form explanation. */
  BadRowException bad(String message) {
    return new BadRowException(where() + ": " + message);
  }
}
