package dev.latchkey.keystore.file.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive access to a file across threads and processes: a lock per path within this JVM, and an
 * OS lock ({@code flock}/{@code fcntl} through {@link FileChannel#lock()}) on a sidecar
 * {@code <file>.lock} that is never deleted or replaced. The data file itself cannot carry the OS lock,
 * because every write replaces it with a new file.
 *
 * <p>Thread-safe. The OS lock is released when the holder's process dies, so a killed writer never
 * blocks the next one.
 */
public final class FileLocks {
  private static final ConcurrentMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

  private FileLocks() {}

  /** Work done while holding the lock. */
  @FunctionalInterface
  public interface Locked<T> {
    /** Runs with the lock held. */
    T run() throws IOException;
  }

  /**
   * Runs {@code work} while holding the exclusive lock for {@code file}, waiting for other threads and
   * processes that hold it.
   *
   * @throws IOException if the lock file cannot be opened or locked, or {@code work} throws it
   */
  public static <T> T withLock(Path file, Locked<T> work) throws IOException {
    Path absolute = file.toAbsolutePath().normalize();
    ReentrantLock local = IN_PROCESS.computeIfAbsent(absolute, p -> new ReentrantLock());
    local.lock();
    try {
      Path lockFile = absolute.resolveSibling(absolute.getFileName() + ".lock");
      AtomicFiles.createOwnerOnly(lockFile);
      try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
        FileLock lock;
        try {
          lock = channel.lock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
          // Only another spelling of the same file in this JVM can hold it; callers pass real paths.
          throw new IOException("the lock of " + absolute + " is held in this process under another path", e);
        }
        try {
          return work.run();
        } finally {
          lock.release();
        }
      }
    } finally {
      local.unlock();
    }
  }
}
