package dev.tandem.store.imports;

import dev.tandem.core.data.Quote;
import java.io.IOException;
import java.io.Reader;
import java.util.List;

/**
 * An RFC 4180 reader: fields separated by one character, optionally enclosed in double quotes;
 * inside quotes the separator, CR and LF are data and {@code ""} is one quote. Records end at
 * LF, CRLF or CR. A leading byte-order mark is dropped. Not thread-safe.
 */
final class CsvReader {
  private final Reader in;
  private final char sep;
  private final String name;
  private final char[] buf = new char[1 << 16];
  private int pos;
  private int len;
  private long line = 1;
  private long recordLine;
  private boolean first = true;
  private final StringBuilder field = new StringBuilder(64);
  private final TextFile file;

  /** Reads records from {@code file}, keeping its line counter up to date. */
  CsvReader(TextFile file, char sep) {
    this(file.reader(), sep, file.name(), file);
  }

  /** Reads records from a reader; {@code name} is used in error messages. */
  CsvReader(Reader in, char sep, String name) {
    this(in, sep, name, null);
  }

  private CsvReader(Reader in, char sep, String name, TextFile file) {
    this.in = in;
    this.sep = sep;
    this.name = name;
    this.file = file;
  }

  /** The line on which the last record returned by {@link #next} started. */
  long line() {
    return recordLine;
  }

  private int read() {
    if (pos == len) {
      try {
        len = in.read(buf, 0, buf.length);
      } catch (IOException e) {
        throw file != null ? file.failure(e, line) : new ImportException(name + " line " + line + ": " + e, e);
      }
      pos = 0;
      if (len <= 0) {
        len = 0;
        return -1;
      }
    }
    return buf[pos++];
  }

  private void unread() {
    pos--;
  }

  /**
   * Reads the next record into {@code out} (cleared first).
   *
   * @return false at the end of input (a final empty line is not a record)
   * @throws ImportException on an unterminated quoted field or a character after a closing quote
   */
  boolean next(List<String> out) {
    out.clear();
    int c = read();
    if (first) {
      first = false;
      if (c == '\uFEFF') {
        c = read();
      }
    }
    if (c == -1) {
      return false;
    }
    recordLine = line;
    if (file != null) {
      file.line = recordLine;
    }
    field.setLength(0);
    while (true) {
      if (c == '"' && field.length() == 0) {
        long quoteLine = line;
        while (true) {
          c = read();
          if (c == -1) {
            throw new ImportException(name + " line " + quoteLine + ": field " + (out.size() + 1)
                + " has an opening quote but no closing quote");
          }
          if (c == '"') {
            c = read();
            if (c == '"') {
              field.append('"');
              continue;
            }
            break;
          }
          if (c == '\n') {
            line++;
          } else if (c == '\r') {
            line++;
            int d = read();
            if (d == '\n') {
              field.append('\r');
              c = d;
            } else if (d != -1) {
              unread();
            }
          }
          field.append((char) c);
        }
        if (c != sep && c != '\n' && c != '\r' && c != -1) {
          throw new ImportException(name + " line " + line + ": field " + (out.size() + 1) + " has a character ("
              + Quote.of(String.valueOf((char) c)) + ") after its closing quote; expected the"
              + " separator or the end of the line");
        }
        continue;
      }
      if (c == sep) {
        out.add(field.toString());
        field.setLength(0);
        c = read();
        continue;
      }
      if (c == '\n' || c == '\r' || c == -1) {
        out.add(field.toString());
        field.setLength(0);
        if (c == '\r') {
          int d = read();
          if (d != '\n' && d != -1) {
            unread();
          }
        }
        if (c != -1) {
          line++;
        }
        return true;
      }
      field.append((char) c);
      c = read();
    }
  }
}
