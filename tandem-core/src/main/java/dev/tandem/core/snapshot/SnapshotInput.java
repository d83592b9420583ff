package dev.tandem.core.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Reads one section written by {@link SnapshotOutput}, checking bounds as it goes; the caller
 * ({@link SnapshotFile}) verifies the CRC32C when the section is done. Not thread-safe.
 */
public final class SnapshotInput {
  private static final int CHUNK = 1 << 20;
  private final FileChannel channel;
  private final ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
  private final CRC32C crc = new CRC32C();
  private final String where;
  private long remainingInSection;

  SnapshotInput(FileChannel channel, long sectionLength, String where) {
    this.channel = channel;
    this.remainingInSection = sectionLength;
    this.where = where;
    buf.limit(0);
  }

  private void ensure(int bytes) throws IOException {
    if (buf.remaining() >= bytes) {
      return;
    }
    buf.compact();
    while (buf.position() < bytes) {
      long want = Math.min(buf.remaining(), remainingInSection);
      if (want <= 0) {
        throw new SnapshotException(where + ": section ends early (truncated or corrupt snapshot)");
      }
      ByteBuffer slice = buf.duplicate();
      slice.limit(buf.position() + (int) want);
      int start = buf.position();
      int n = channel.read(slice);
      if (n < 0) {
        throw new SnapshotException(where + ": file ends early (truncated snapshot)");
      }
      ByteBuffer fresh = buf.duplicate();
      fresh.position(start).limit(start + n);
      crc.update(fresh);
      buf.position(start + n);
      remainingInSection -= n;
    }
    buf.flip();
  }

  /** Bytes of this section not yet consumed (buffered or unread). */
  long unconsumed() {
    return remainingInSection + buf.remaining();
  }

  /**
   * Whether this section holds more bytes: lets a model read fields that a later version of its
   * layout appends at the end, and give them their defaults when reading an older snapshot.
   */
  public boolean hasMore() {
    return unconsumed() > 0;
  }

  long checksum() {
    return crc.getValue();
  }

  public int readInt() throws IOException {
    ensure(4);
    return buf.getInt();
  }

  public long readLong() throws IOException {
    ensure(8);
    return buf.getLong();
  }

  public float readFloat() throws IOException {
    ensure(4);
    return buf.getFloat();
  }

  public double readDouble() throws IOException {
    ensure(8);
    return buf.getDouble();
  }

  private int readLength(int elementBytes) throws IOException {
    int n = readInt();
    if (n < 0 || (long) n * elementBytes > unconsumed()) {
      throw new SnapshotException(where + ": array length (" + n + ") is out of range (corrupt snapshot)");
    }
    return n;
  }

  public String readString() throws IOException {
    int n = readLength(1);
    byte[] b = new byte[n];
    for (int off = 0; off < n; ) {
      ensure(1);
      int k = Math.min(buf.remaining(), n - off);
      buf.get(b, off, k);
      off += k;
    }
    return new String(b, StandardCharsets.UTF_8);
  }

  public int[] readInts() throws IOException {
    int n = readLength(4);
    int[] a = new int[n];
    for (int off = 0; off < n; ) {
      ensure(4);
      int k = Math.min(buf.remaining() / 4, n - off);
      buf.asIntBuffer().get(a, off, k);
      buf.position(buf.position() + 4 * k);
      off += k;
    }
    return a;
  }

  public long[] readLongs() throws IOException {
    int n = readLength(8);
    long[] a = new long[n];
    for (int off = 0; off < n; ) {
      ensure(8);
      int k = Math.min(buf.remaining() / 8, n - off);
      buf.asLongBuffer().get(a, off, k);
      buf.position(buf.position() + 8 * k);
      off += k;
    }
    return a;
  }

  public float[] readFloats() throws IOException {
    int n = readLength(4);
    float[] a = new float[n];
    for (int off = 0; off < n; ) {
      ensure(4);
      int k = Math.min(buf.remaining() / 4, n - off);
      buf.asFloatBuffer().get(a, off, k);
      buf.position(buf.position() + 4 * k);
      off += k;
    }
    return a;
  }

  public double[] readDoubles() throws IOException {
    int n = readLength(8);
    double[] a = new double[n];
    for (int off = 0; off < n; ) {
      ensure(8);
      int k = Math.min(buf.remaining() / 8, n - off);
      buf.asDoubleBuffer().get(a, off, k);
      buf.position(buf.position() + 8 * k);
      off += k;
    }
    return a;
  }
}
