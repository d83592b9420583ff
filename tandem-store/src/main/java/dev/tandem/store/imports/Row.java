package dev.tandem.store.imports;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

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

  /** Fails unless the row has at least {@code n} fields, listing them. */
  void requireFields(int n, String layout) {
    if (values.size() < n) {
      throw new BadRowException(where() + ": expected " + n + " fields (" + layout + "), found " + values.size());
    }
  }

  /** The raw text of field {@code i}, "" when the row is shorter. */
  String text(int i) {
    return i >= 0 && i < values.size() ? values.get(i) : "";
  }

  /** A non-empty (trimmed) id. */
  String id(int i, String field) {
    String v = text(i).trim();
    if (v.isEmpty()) {
      throw bad(field, v, "a non-empty id");
    }
    return v;
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

  /** Epoch seconds, or an ISO-8601 date, date-time or offset date-time (UTC when no offset); "" is 0. */
  long time(int i, String field) {
    return parseTime(text(i).trim(), this, field);
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
          if (Double.isFinite(d)) {
            return (long) d;
          }
        } catch (NumberFormatException e2) {
          // reported below
        }
        throw row.bad(field, v, "epoch seconds or an ISO-8601 date/time");
      }
    }
    try {
      if (v.length() == 10) {
        return LocalDate.parse(v).atStartOfDay().toEpochSecond(ZoneOffset.UTC);
      }
      if (v.endsWith("Z") || v.lastIndexOf('+') > 9 || v.lastIndexOf('-') > 9) {
        return OffsetDateTime.parse(v).toEpochSecond();
      }
      return LocalDateTime.parse(v).toEpochSecond(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw row.bad(field, v, "epoch seconds or an ISO-8601 date/time");
    }
  }

  /** true/false/1/0/yes/no (any case); "" gives {@code dflt}. */
  boolean bool(int i, String field, boolean dflt) {
    String v = text(i).trim();
    switch (v.toLowerCase(java.util.Locale.ROOT)) {
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

  /** A bad-row error for field {@code field} holding {@code value}. */
  BadRowException bad(String field, String value, String expected) {
    return new BadRowException(where() + ": field " + field + " (\"" + abbreviate(value) + "\") must be " + expected);
  }

  /** A bad-row error with a free-form explanation. */
  BadRowException bad(String message) {
    return new BadRowException(where() + ": " + message);
  }

  private static String abbreviate(String v) {
    return v.length() <= 60 ? v : v.substring(0, 57) + "...";
  }
}
