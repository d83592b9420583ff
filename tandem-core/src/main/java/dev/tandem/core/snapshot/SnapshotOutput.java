package dev.tandem.core.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Writes one checksummed section of a snapshot file: little-endian primitives and bulk arrays
 * through a direct buffer, with a running CRC32C. Not thread-safe. Obtained from
 * {@link SnapshotFile}; models write their state through it.
 */
public final class SnapshotOutput {
  private static final int CHUNK = 1 << 20;
  private final FileChannel channel;
  private final ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
  private final CRC32C crc = new CRC32C();
  private long written;

  SnapshotOutput(FileChannel channel) {
    this.channel = channel;
  }

  private void ensure(int bytes) throws IOException {
    if (buf.remaining() < bytes) {
      flush();
    }
  }

  void flush() throws IOException {
    buf.flip();
    ByteBuffer view = buf.duplicate();
    crc.update(view);
    while (buf.hasRemaining()) {
      written += channel.write(buf);
    }
    buf.clear();
  }

  long bytesWritten() {
    return written + buf.position();
  }

  long checksum() {
    return crc.getValue();
  }

  public void writeInt(int v) throws IOException {
    ensure(4);
    buf.putInt(v);
  }

  public void writeLong(long v) throws IOException {
    ensure(8);
    buf.putLong(v);
  }

  public void writeFloat(float v) throws IOException {
    ensure(4);
    buf.putFloat(v);
  }

  public void writeDouble(double v) throws IOException {
    ensure(8);
    buf.putDouble(v);
  }

  /** A UTF-8 string with its byte length. */
  public void writeString(String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    writeInt(b.length);
    for (int off = 0; off < b.length; ) {
      ensure(1);
      int n = Math.min(buf.remaining(), b.length - off);
      buf.put(b, off, n);
      off += n;
    }
  }

  /** An int array with its length. */
  public void writeInts(int[] a) throws IOException {
    writeInt(a.length);
    for (int off = 0; off < a.length; ) {
      ensure(4);
      int n = Math.min(buf.remaining() / 4, a.length - off);
      buf.asIntBuffer().put(a, off, n);
      buf.position(buf.position() + 4 * n);
      off += n;
    }
  }

  /** A long array with its length. */
  public void writeLongs(long[] a) throws IOException {
    writeInt(a.length);
    for (int off = 0; off < a.length; ) {
      ensure(8);
      int n = Math.min(buf.remaining() / 8, a.length - off);
      buf.asLongBuffer().put(a, off, n);
      buf.position(buf.position() + 8 * n);
      off += n;
    }
  }

  /** A float array with its length. */
  public void writeFloats(float[] a) throws IOException {
    writeInt(a.length);
    for (int off = 0; off < a.length; ) {
      ensure(4);
      int n = Math.min(buf.remaining() / 4, a.length - off);
      buf.asFloatBuffer().put(a, off, n);
      buf.position(buf.position() + 4 * n);
      off += n;
    }
  }

  /** A double array with its length. */
  public void writeDoubles(double[] a) throws IOException {
    writeInt(a.length);
    for (int off = 0; off < a.length; ) {
      ensure(8);
      int n = Math.min(buf.remaining() / 8, a.length - off);
      buf.asDoubleBuffer().put(a, off, n);
      buf.position(buf.position() + 8 * n);
      off += n;
    }
  }
}
