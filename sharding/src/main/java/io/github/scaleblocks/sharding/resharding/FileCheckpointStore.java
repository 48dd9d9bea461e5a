package io.github.scaleblocks.sharding.resharding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * {@link CheckpointStore#file(Path)}. The file is text: a header line, then one fingerprint per
 * line in hex. It is read once, on first use, and rewritten whole (temp file, force, atomic rename)
 * on every change.
 */
final class FileCheckpointStore implements CheckpointStore {
  static final String HEADER = "scaleblocks-resharding-checkpoint v1";

  private final Path path;
  private final Path temp;
  private @Nullable Set<Long> completed;

  FileCheckpointStore(Path path) {
    this.path = path.toAbsolutePath();
    this.temp = this.path.resolveSibling(this.path.getFileName() + ".tmp");
  }

  @Override
  public synchronized Set<Long> completedBatches() {
    return Set.copyOf(loaded());
  }

  @Override
  public synchronized void markCompleted(long batch) {
    Set<Long> set = loaded();
    if (set.add(batch)) {
      write(set);
    }
  }

  @Override
  public synchronized void clear() {
    Set<Long> set = loaded();
    set.clear();
    write(set);
  }

  private Set<Long> loaded() {
    Set<Long> set = completed;
    if (set == null) {
      set = read();
      completed = set;
    }
    return set;
  }

  private Set<Long> read() {
    List<String> lines;
    try {
      lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return new LinkedHashSet<>();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read checkpoint " + path, e);
    }
    if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
      throw new IllegalStateException(
          "checkpoint " + path + " does not start with the line '" + HEADER + "'");
    }
    Set<Long> set = new LinkedHashSet<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      try {
        set.add(Long.parseUnsignedLong(line, 16));
      } catch (NumberFormatException e) {
        throw new IllegalStateException(
            "checkpoint " + path + " line " + (i + 1) + " is not a hex fingerprint: '" + line + "'",
            e);
      }
    }
    return set;
  }

  private void write(Set<Long> set) {
    StringBuilder text = new StringBuilder(HEADER.length() + 1 + 17 * set.size());
    text.append(HEADER).append('\n');
    for (long batch : set) {
      text.append(Long.toHexString(batch)).append('\n');
    }
    ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
    try {
      try (FileChannel channel =
          FileChannel.open(
              temp,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.TRUNCATE_EXISTING)) {
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      try {
        Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the file system of " + path + " cannot rename atomically", e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + path, e);
    }
  }

  @Override
  public String toString() {
    return "CheckpointStore.file(" + path + ")";
  }
}
