package dev.latchkey.spi;

import dev.latchkey.internal.Digests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A file whose changes a reader picks up by polling: a cheap {@code stat} (size, modification time,
 * file identity) on every poll, and a read and SHA-256 of the content only when that changed, so a
 * touch without a change is not reported. A rewrite that keeps size, time and identity alike escapes a
 * poll until the next change; writers, which must never miss one, {@link #read} and compare
 * ({@link #isSeen}) instead.
 *
 * <p>The caller decides what a changed content means: after parsing it, it calls {@link #seen} with
 * that content whether the parse succeeded or not, so a broken edit is reported once, not on every
 * poll, and the last good state stays with the caller.
 *
 * <p>Thread-safe for one poller at a time; callers serialise polls (a {@code tryLock}, so readers
 * never wait).
 */
public final class WatchedFile {
  private final Path file;
  private volatile Stamp stamp = Stamp.NONE;
  private volatile byte[] digest = new byte[0];

  /** Watches {@code file}; nothing is read until the first {@link #read} or {@link #poll}. */
  public WatchedFile(Path file) {
    this.file = Objects.requireNonNull(file, "file");
  }

  /** The watched path. */
  public Path path() {
    return file;
  }

  /**
   * The file's content now, read whole, whether it changed or not.
   *
   * @throws NoSuchFileException if the file does not exist
   * @throws IOException if it cannot be read
   */
  public Content read() throws IOException {
    Stamp before = stampOf(file);
    byte[] bytes = Files.readAllBytes(file);
    return new Content(bytes, sha256(bytes), before);
  }

  /**
   * The new content if the file changed since the content last passed to {@link #seen}; empty if it
   * did not (same stamp, or same bytes).
   *
   * @throws IOException if the file cannot be read (a missing file included)
   */
  public Optional<Content> poll() throws IOException {
    Stamp now = stampOf(file);
    if (now.equals(stamp)) {
      return Optional.empty();
    }
    Content content = read();
    if (MessageDigest.isEqual(content.digest(), digest)) {
      stamp = content.stamp();
      return Optional.empty();
    }
    return Optional.of(content);
  }

  /** Records {@code content} as handled, so later polls report only what differs from it. */
  public void seen(Content content) {
    this.digest = content.digest();
    this.stamp = content.stamp();
  }

  /**
   * Records that the file now holds content with {@code digest}, just written by the caller, so the
   * next poll does not report the caller's own write. A file that cannot be examined now is read
   * and compared with {@code digest} at the next poll.
   *
   * @param digest the SHA-256 of what the caller wrote
   */
  public void seenWritten(byte[] digest) {
    Stamp now;
    try {
      now = stampOf(file);
    } catch (IOException e) {
      // Unknown: the next poll reads the file and compares it with this digest.
      now = Stamp.NONE;
    }
    this.stamp = now;
    this.digest = digest.clone();
  }

  /** Whether {@code content} is the content last {@link #seen}. */
  public boolean isSeen(Content content) {
    return MessageDigest.isEqual(content.digest(), digest);
  }

  private static Stamp stampOf(Path file) throws IOException {
    BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
    return new Stamp(a.size(), a.lastModifiedTime().to(TimeUnit.NANOSECONDS), a.fileKey());
  }

  /**
   * SHA-256 of {@code bytes}.
   *
   * @param bytes what to digest
   * @return its 32-byte SHA-256
   */
  public static byte[] sha256(byte[] bytes) {
    return Digests.sha256(bytes);
  }

  /**
   * One reading of the file.
   *
   * @param bytes the content
   * @param digest its SHA-256
   * @param stamp size, time and identity when it was read
   */
  public record Content(byte[] bytes, byte[] digest, Stamp stamp) {}

  /**
   * What a {@code stat} tells of the file.
   *
   * @param size its size in bytes
   * @param modifiedNanos its modification time, in nanoseconds since the epoch as far as the file system keeps them
   * @param fileKey the file system's identity of the file (device and inode on POSIX), if it has one
   */
  public record Stamp(long size, long modifiedNanos, Object fileKey) {
    static final Stamp NONE = new Stamp(-1, Long.MIN_VALUE, null);
  }
}
