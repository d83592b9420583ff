package dev.tandem.store.imports;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes bytes one physical line (up to and including LF) at a time, strictly, so that
 * malformed bytes are reported with their exact line number. ASCII lines take a fast path.
 * Works for charsets in which byte 0x0A is always LF (UTF-8, ISO-8859-1, ASCII). Not thread-safe.
 */
final class StrictLineReader extends Reader {
  private final InputStream in;
  private final String name;
  private final CharsetDecoder decoder;
  private final boolean latin1;
  private final byte[] buf = new byte[1 << 16];
  private int bufPos;
  private int bufLen;
  private byte[] line = new byte[256];
  private String chars = "";
  private int charPos;
  private long lineNumber;

  StrictLineReader(InputStream in, Charset charset, String name) {
    this.in = in;
    this.name = name;
    this.latin1 = charset.equals(StandardCharsets.ISO_8859_1);
    this.decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  @Override
  public int read(char[] cbuf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (charPos == chars.length() && !nextLine()) {
      return -1;
    }
    int n = Math.min(len, chars.length() - charPos);
    chars.getChars(charPos, charPos + n, cbuf, off);
    charPos += n;
    return n;
  }

  private boolean nextLine() throws IOException {
    int n = 0;
    boolean ascii = true;
    while (true) {
      if (bufPos == bufLen) {
        bufLen = in.read(buf, 0, buf.length);
        bufPos = 0;
        if (bufLen <= 0) {
          bufLen = 0;
          break;
        }
      }
      byte b = buf[bufPos++];
      if (n == line.length) {
        line = Arrays.copyOf(line, n * 2);
      }
      line[n++] = b;
      ascii &= b >= 0;
      if (b == '\n') {
        break;
      }
    }
    if (n == 0) {
      return false;
    }
    lineNumber++;
    if (ascii || latin1) {
      chars = new String(line, 0, n, StandardCharsets.ISO_8859_1);
    } else {
      try {
        decoder.reset();
        CharBuffer cb = decoder.decode(ByteBuffer.wrap(line, 0, n));
        chars = cb.toString();
      } catch (CharacterCodingException e) {
        throw new ImportException(name + " line " + lineNumber + ": malformed bytes, expected valid "
            + decoder.charset().name() + " text", e);
      }
    }
    charPos = 0;
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
