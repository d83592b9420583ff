package dev.tandem.store.snapshot;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A process that holds a snapshot folder's write lock ({@link SnapshotStore#LOCK_FILE}) until its
 * standard input closes, standing in for a writer in another process (SnapshotStoreTest). Prints
 * {@code locked} once it holds it.
 */
public final class HoldSnapshotLock {
  private HoldSnapshotLock() {}

  public static void main(String[] args) throws Exception {
    try (FileChannel ch = FileChannel.open(Path.of(args[0]).resolve(SnapshotStore.LOCK_FILE), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock lock = ch.lock()) {
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() >= 0) {
        // hold until the parent closes our input (or dies)
      }
    }
  }
}
