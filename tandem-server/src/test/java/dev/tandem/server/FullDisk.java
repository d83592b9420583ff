package dev.tandem.server;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AccessMode;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.spi.FileSystemProvider;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The default file system seen through a disk that can fill up: every path, channel and directory
 * listing is the real one, but bytes that grow a file chosen by {@code counted} come out of a
 * budget of free space, and a write that does not fit writes what fits and then fails with
 * {@code IOException("No space left on device")} — what {@code write(2)} does with {@code ENOSPC}
 * (a short write, then the error). Overwriting bytes a file already has costs nothing, as on a
 * real disk. Deleting frees nothing (the budget is what the test says is free).
 *
 * <p>Why this and not a real full file system: a size-limited tmpfs or loop device needs root and
 * a mount, which CI containers do not allow; and a hook in the product would test the hook. Here
 * the product runs unchanged ({@code Tandem.open} on a path of this file system) and its own
 * {@code FileChannel.write} meets the error part-way through a snapshot.
 */
final class FullDisk extends FileSystemProvider {
  private final FileSystemProvider real = FileSystems.getDefault().provider();
  private final Fs fs = new Fs();
  private final Predicate<Path> counted;
  private final AtomicLong free = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong written = new AtomicLong();

  /** A disk on which files whose real path {@code counted} accepts use up the free space. */
  FullDisk(Predicate<Path> counted) {
    this.counted = counted;
  }

  /** {@code path} (of the default file system) on this disk. */
  Path wrap(Path path) {
    return path == null ? null : new P(path);
  }

  /** From now on {@code bytes} more may be written to counted files. */
  void free(long bytes) {
    free.set(bytes);
  }

  /** Unlimited space again. */
  void unlimited() {
    free.set(Long.MAX_VALUE);
  }

  /** Writes refused for lack of space so far. */
  long failures() {
    return failures.get();
  }

  /** Bytes that grew counted files so far. */
  long written() {
    return written.get();
  }

  private Path unwrap(Path p) {
    if (p instanceof P w) {
      return w.real;
    }
    return p == null ? null : FileSystems.getDefault().getPath(p.toString());
  }

  // ---- the provider ------------------------------------------------------------------------

  @Override
  public String getScheme() {
    return "fulldisk";
  }

  @Override
  public FileSystem newFileSystem(URI uri, Map<String, ?> env) {
    throw new UnsupportedOperationException("one FullDisk file system per provider");
  }

  @Override
  public FileSystem getFileSystem(URI uri) {
    return fs;
  }

  @Override
  public Path getPath(URI uri) {
    return wrap(Path.of(uri));
  }

  @Override
  public SeekableByteChannel newByteChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
      throws IOException {
    return newFileChannel(path, options, attrs);
  }

  @Override
  public FileChannel newFileChannel(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attrs)
      throws IOException {
    Path r = unwrap(path);
    FileChannel ch = real.newFileChannel(r, options, attrs);
    boolean writes = options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND);
    return writes && counted.test(r) ? new Counting(ch) : ch;
  }

  @Override
  public DirectoryStream<Path> newDirectoryStream(Path dir, DirectoryStream.Filter<? super Path> filter)
      throws IOException {
    DirectoryStream<Path> in = real.newDirectoryStream(unwrap(dir), e -> filter.accept(wrap(e)));
    return new DirectoryStream<>() {
      @Override
      public Iterator<Path> iterator() {
        Iterator<Path> it = in.iterator();
        return new Iterator<>() {
          @Override
          public boolean hasNext() {
            return it.hasNext();
          }

          @Override
          public Path next() {
            return wrap(it.next());
          }
        };
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }

  @Override
  public void createDirectory(Path dir, FileAttribute<?>... attrs) throws IOException {
    real.createDirectory(unwrap(dir), attrs);
  }

  @Override
  public void delete(Path path) throws IOException {
    real.delete(unwrap(path));
  }

  @Override
  public void copy(Path source, Path target, CopyOption... options) throws IOException {
    real.copy(unwrap(source), unwrap(target), options);
  }

  @Override
  public void move(Path source, Path target, CopyOption... options) throws IOException {
    real.move(unwrap(source), unwrap(target), options);
  }

  @Override
  public boolean isSameFile(Path path, Path path2) throws IOException {
    return real.isSameFile(unwrap(path), unwrap(path2));
  }

  @Override
  public boolean isHidden(Path path) throws IOException {
    return real.isHidden(unwrap(path));
  }

  @Override
  public FileStore getFileStore(Path path) throws IOException {
    return real.getFileStore(unwrap(path));
  }

  @Override
  public void checkAccess(Path path, AccessMode... modes) throws IOException {
    real.checkAccess(unwrap(path), modes);
  }

  @Override
  public <V extends FileAttributeView> V getFileAttributeView(Path path, Class<V> type, LinkOption... options) {
    return real.getFileAttributeView(unwrap(path), type, options);
  }

  @Override
  public <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
      throws IOException {
    return real.readAttributes(unwrap(path), type, options);
  }

  @Override
  public Map<String, Object> readAttributes(Path path, String attributes, LinkOption... options) throws IOException {
    return real.readAttributes(unwrap(path), attributes, options);
  }

  @Override
  public void setAttribute(Path path, String attribute, Object value, LinkOption... options) throws IOException {
    real.setAttribute(unwrap(path), attribute, value, options);
  }

  // ---- a channel that uses up free space ------------------------------------------------------

  /** A real file channel whose writes that grow the file take from the free space. */
  private final class Counting extends FileChannel {
    private final FileChannel ch;

    Counting(FileChannel ch) {
      this.ch = ch;
    }

    /** Writes {@code src} at {@code at} (-1: the channel's position) within the free space. */
    private int grow(ByteBuffer src, long at) throws IOException {
      long start = at < 0 ? ch.position() : at;
      long grows = Math.max(0, start + src.remaining() - ch.size());
      long left = free.get();
      if (grows <= left) {
        int n = at < 0 ? ch.write(src) : ch.write(src, at);
        free.addAndGet(-grows);
        written.addAndGet(grows);
        return n;
      }
      // what fits (the bytes over existing ones plus the free space), then the error, as write(2) with ENOSPC
      int fits = (int) Math.max(0, src.remaining() - grows + left);
      if (fits > 0) {
        ByteBuffer part = src.slice();
        part.limit(fits);
        int n = at < 0 ? ch.write(part) : ch.write(part, at);
        src.position(src.position() + n);
      }
      free.set(0);
      written.addAndGet(left);
      failures.incrementAndGet();
      throw new IOException("No space left on device");
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      return grow(src, -1);
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
      return grow(src, position);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
      long n = 0;
      for (int i = offset; i < offset + length; i++) {
        n += grow(srcs[i], -1);
      }
      return n;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
      return ch.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
      return ch.read(dsts, offset, length);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
      return ch.read(dst, position);
    }

    @Override
    public long position() throws IOException {
      return ch.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
      ch.position(newPosition);
      return this;
    }

    @Override
    public long size() throws IOException {
      return ch.size();
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
      ch.truncate(size);
      return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
      ch.force(metaData);
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
      return ch.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
      ByteBuffer b = ByteBuffer.allocate((int) Math.min(count, 1 << 16));
      long done = 0;
      while (done < count) {
        b.clear().limit((int) Math.min(b.capacity(), count - done));
        if (src.read(b) <= 0) {
          break;
        }
        b.flip();
        while (b.hasRemaining()) {
          done += grow(b, position + done);
        }
      }
      return done;
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
      if (mode != MapMode.READ_ONLY) {
        throw new UnsupportedOperationException("FullDisk maps files read-only");
      }
      return ch.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
      return ch.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
      return ch.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
      ch.close();
    }
  }

  // ---- the file system and its paths ------------------------------------------------------------

  private final class Fs extends FileSystem {
    private final FileSystem realFs = FileSystems.getDefault();

    @Override
    public FileSystemProvider provider() {
      return FullDisk.this;
    }

    @Override
    public void close() {
      throw new UnsupportedOperationException("the FullDisk file system stays open");
    }

    @Override
    public boolean isOpen() {
      return true;
    }

    @Override
    public boolean isReadOnly() {
      return false;
    }

    @Override
    public String getSeparator() {
      return realFs.getSeparator();
    }

    @Override
    public Iterable<Path> getRootDirectories() {
      java.util.List<Path> roots = new java.util.ArrayList<>();
      realFs.getRootDirectories().forEach(r -> roots.add(wrap(r)));
      return roots;
    }

    @Override
    public Iterable<FileStore> getFileStores() {
      return realFs.getFileStores();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
      return realFs.supportedFileAttributeViews();
    }

    @Override
    public Path getPath(String first, String... more) {
      return wrap(realFs.getPath(first, more));
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
      PathMatcher m = realFs.getPathMatcher(syntaxAndPattern);
      return p -> m.matches(unwrap(p));
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
      return realFs.getUserPrincipalLookupService();
    }

    @Override
    public WatchService newWatchService() {
      throw new UnsupportedOperationException("no watch service on a FullDisk");
    }
  }

  /** A real path seen through the disk. */
  private final class P implements Path {
    final Path real;

    P(Path real) {
      this.real = real;
    }

    @Override
    public FileSystem getFileSystem() {
      return fs;
    }

    @Override
    public boolean isAbsolute() {
      return real.isAbsolute();
    }

    @Override
    public Path getRoot() {
      return wrap(real.getRoot());
    }

    @Override
    public Path getFileName() {
      return wrap(real.getFileName());
    }

    @Override
    public Path getParent() {
      return wrap(real.getParent());
    }

    @Override
    public int getNameCount() {
      return real.getNameCount();
    }

    @Override
    public Path getName(int index) {
      return wrap(real.getName(index));
    }

    @Override
    public Path subpath(int beginIndex, int endIndex) {
      return wrap(real.subpath(beginIndex, endIndex));
    }

    @Override
    public boolean startsWith(Path other) {
      return real.startsWith(unwrap(other));
    }

    @Override
    public boolean endsWith(Path other) {
      return real.endsWith(unwrap(other));
    }

    @Override
    public Path normalize() {
      return wrap(real.normalize());
    }

    @Override
    public Path resolve(Path other) {
      return wrap(real.resolve(unwrap(other)));
    }

    @Override
    public Path relativize(Path other) {
      return wrap(real.relativize(unwrap(other)));
    }

    @Override
    public URI toUri() {
      return real.toUri();
    }

    @Override
    public Path toAbsolutePath() {
      return wrap(real.toAbsolutePath());
    }

    @Override
    public Path toRealPath(LinkOption... options) throws IOException {
      return wrap(real.toRealPath(options));
    }

    @Override
    public File toFile() {
      return real.toFile();
    }

    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
      throw new UnsupportedOperationException("no watch service on a FullDisk");
    }

    @Override
    public int compareTo(Path other) {
      return real.compareTo(unwrap(other));
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof P p && real.equals(p.real);
    }

    @Override
    public int hashCode() {
      return real.hashCode();
    }

    @Override
    public String toString() {
      return real.toString();
    }
  }
}
