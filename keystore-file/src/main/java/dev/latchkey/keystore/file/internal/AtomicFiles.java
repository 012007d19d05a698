package dev.latchkey.keystore.file.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * Crash-safe file replacement: the new content goes to a temporary file beside the target, is forced
 * to disk, moved over the target in one atomic rename, and the directory is forced too, so after a
 * crash at any point the target holds either the old content or the new, never a mix, and a
 * completed write survives power loss.
 *
 * <p>New files are created readable and writable by the owner only on POSIX file systems; a replaced
 * file keeps the permissions it had. Callers serialise writers (see {@link FileLocks}). Stateless.
 */
public final class AtomicFiles {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AtomicFiles.class);

  private AtomicFiles() {}

  /** Writes {@code content} to the stream it is given; the stream is closed by the caller. */
  @FunctionalInterface
  public interface Writer {
    /** Writes the whole new content to {@code out}. */
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Replaces {@code target} with what {@code writer} writes, atomically and durably.
   *
   * @throws IOException if anything up to and including the rename fails; the target is then unchanged and
   *     no temporary file is left (a failure to force the directory afterwards is logged, not thrown)
   */
  public static void replace(Path target, Writer writer) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    Path temp = dir.resolve("." + absolute.getFileName() + ".tmp-" + randomSuffix());
    boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
    Set<PosixFilePermission> permissions = posix ? permissionsFor(absolute) : null;
    try {
      FileAttribute<?>[] attributes =
          posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
      try (FileChannel channel = FileChannel.open(
          temp, EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes)) {
        BufferedOutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        writer.writeTo(buffered);
        buffered.flush();
        channel.force(true);
      }
      if (posix) {
        // The umask may have narrowed the requested bits; a replaced file keeps its exact permissions.
        Files.setPosixFilePermissions(temp, permissions);
      }
      try {
        Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the file system of " + dir + " cannot replace files atomically", e);
      }
      try {
        forceDirectory(dir);
      } catch (IOException e) {
        // The rename has happened: the write stands; only its survival of a power loss is less sure.
        LOG.warn("could not force the directory {} to disk after replacing {} ({})", dir, absolute.getFileName(), e.getClass().getName());
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Deletes temporary files a writer killed mid-write left beside {@code target}. Only for callers that
   * hold the lock every writer of {@code target} takes, so no live writer's file is touched.
   *
   * @return how many were deleted; a directory that cannot be listed is logged and counts as none
   */
  public static int deleteStaleTemporaries(Path target) {
    Path absolute = target.toAbsolutePath();
    java.util.regex.Pattern ours = java.util.regex.Pattern.compile(
        java.util.regex.Pattern.quote("." + absolute.getFileName() + ".tmp-") + "[0-9a-f]{12}");
    int deleted = 0;
    try (var siblings = Files.newDirectoryStream(absolute.getParent(), p -> ours.matcher(p.getFileName().toString()).matches())) {
      for (Path stale : siblings) {
        deleted += Files.deleteIfExists(stale) ? 1 : 0;
      }
    } catch (IOException e) {
      // Best effort: a leftover costs disk space, never correctness.
      LOG.warn("could not clean up temporary files beside {} ({})", absolute.getFileName(), e.getClass().getName());
    }
    return deleted;
  }

  /**
   * Creates {@code target} empty and owner-only if it does not exist yet; does nothing if it does.
   *
   * @throws IOException if it cannot be created
   */
  public static void createOwnerOnly(Path target) throws IOException {
    Path absolute = target.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    try {
      if (Files.getFileStore(absolute.getParent()).supportsFileAttributeView("posix")) {
        Files.createFile(absolute, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
      } else {
        Files.createFile(absolute);
      }
    } catch (FileAlreadyExistsException e) {
      // Someone else made it first: fine.
    }
  }

  private static Set<PosixFilePermission> permissionsFor(Path target) throws IOException {
    try {
      return Files.getPosixFilePermissions(target);
    } catch (NoSuchFileException e) {
      return OWNER_ONLY;
    }
  }

  /** Forces a directory's entries to disk, where the platform allows opening a directory. */
  private static void forceDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some platforms (Windows) cannot open a directory; there the rename is as durable as it gets.
      if (!System.getProperty("os.name", "").startsWith("Windows")) {
        throw e;
      }
    }
  }

  private static String randomSuffix() {
    byte[] b = new byte[6];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
