package dev.tandem.store.imports;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * A text input file read strictly in one charset (malformed bytes fail, naming the file and
 * line), transparently decompressing {@code .gz} and {@code .xz}, counting lines and the raw
 * bytes read for progress. Not thread-safe.
 */
final class TextFile implements Closeable {
  private final String name;
  private final long size;
  private final Counting counting;
  private final Reader reader;
  private BufferedReader lines;
  long line;

  private TextFile(Path path, Charset charset) throws IOException {
    this.name = path.getFileName().toString();
    this.size = Files.size(path);
    this.counting = new Counting(Files.newInputStream(path));
    InputStream in = new BufferedInputStream(counting, 1 << 16);
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".gz")) {
      in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
    } else if (lower.endsWith(".xz")) {
      in = new BufferedInputStream(new XZInputStream(in), 1 << 16);
    }
    this.reader = new StrictLineReader(in, charset, name);
  }

  /**
   * Opens a file.
   *
   * @throws ImportException if it does not exist or cannot be read
   */
  static TextFile open(Path path, Charset charset) {
    if (!Files.isRegularFile(path)) {
      throw new ImportException(path + ": file not found");
    }
    try {
      return new TextFile(path, charset);
    } catch (IOException e) {
      throw new ImportException(path + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** The file name used in messages. */
  String name() {
    return name;
  }

  /** Size of the file on disk. */
  long size() {
    return size;
  }

  /** Raw (possibly compressed) bytes consumed so far. */
  long bytesRead() {
    return counting.count;
  }

  /** "file line N" for the current line. */
  String where() {
    return name + " line " + line;
  }

  /** The decoded character stream, for {@link CsvReader} (which counts lines itself). */
  Reader reader() {
    return reader;
  }

  /**
   * The next line without its terminator (LF, CRLF or CR), or null at the end; a leading
   * byte-order mark is dropped.
   *
   * @throws ImportException on malformed bytes or a read error
   */
  String readLine() {
    if (lines == null) {
      lines = new BufferedReader(reader, 1 << 16);
    }
    try {
      String s = lines.readLine();
      if (s != null) {
        line++;
        if (line == 1 && !s.isEmpty() && s.charAt(0) == '\uFEFF') {
          s = s.substring(1);
        }
      }
      return s;
    } catch (IOException e) {
      throw failure(e, line + 1);
    }
  }

  ImportException failure(IOException e, long atLine) {
    return new ImportException(name + " line " + atLine + ": cannot read: " + e, e);
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      // input only: nothing to lose
    }
  }

  private static final class Counting extends FilterInputStream {
    long count;

    Counting(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        count += n;
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = super.skip(n);
      count += s;
      return s;
    }
  }
}
