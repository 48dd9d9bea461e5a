package io.github.scaleblocks.mapreduce;

import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.mapreduce.spi.Input;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds an {@link Input} of the lines of text files (UTF-8). Lines end at {@code \n}; a trailing
 * {@code \r} is dropped. (A lone {@code \r} does not end a line, unlike Hadoop's and Spark's {@code
 * textFile}: files with old Mac line endings read differently there.) Files are cut into
 * line-aligned byte ranges, so one large file is read by every task slot: a split owns the lines
 * that <em>start</em> in its range (reading past its end to finish the last one), as Hadoop's
 * {@code TextInputFormat} does. A record's position is the byte offset of its line in its file.
 *
 * <p>Malformed UTF-8 is not replaced: it fails the task with an error naming the file and the
 * line's byte offset (retried, then failing the job), so bad input never turns silently into
 * U+FFFD. Files are listed when the job starts: a missing or unreadable path fails the job with its
 * name.
 */
public final class TextInputBuilder {
  private final List<Path> paths = new ArrayList<>();
  private final List<TextFileInput.Glob> globs = new ArrayList<>();
  private long splitBytes;

  TextInputBuilder() {}

  /** Adds a file, or every regular file under a directory (recursively, in name order). */
  public TextInputBuilder path(Path path) {
    paths.add(Checks.notNull(path, "path"));
    return this;
  }

  /**
   * Adds the regular files under {@code directory} (recursively) whose path relative to it matches
   * the {@link java.nio.file.FileSystem#getPathMatcher glob} {@code pattern}, e.g. {@code
   * "**.txt"}. A glob that matches nothing fails the job.
   */
  public TextInputBuilder glob(Path directory, String pattern) {
    Checks.notNull(directory, "directory");
    Checks.notNull(pattern, "pattern");
    globs.add(new TextFileInput.Glob(directory, pattern));
    return this;
  }

  /**
   * The largest split in bytes; unless set, the input's total size divided by four splits per task
   * slot, between 1 MiB and 64 MiB.
   */
  public TextInputBuilder splitBytes(long splitBytes) {
    Checks.positive(splitBytes, "splitBytes");
    Checks.argument(this.splitBytes == 0, "splitBytes was already set to " + this.splitBytes);
    this.splitBytes = splitBytes;
    return this;
  }

  /** The input, one {@code String} per line. */
  public Input<String> build() {
    Checks.argument(!paths.isEmpty() || !globs.isEmpty(), "no path or glob was added");
    return new TextFileInput<>(
        List.copyOf(paths), List.copyOf(globs), splitBytes, TextFileInput::strings);
  }

  /**
   * The input, one {@link TextLine} per line: the line's UTF-8 bytes, checked but not decoded, in a
   * view the engine reuses for every line of a split (valid only during the {@link
   * io.github.scaleblocks.mapreduce.Mapper#map} call; see {@link TextLine}). The same files, lines,
   * splits, positions and malformed-input errors as {@link #build()}; what it saves is a {@code
   * String} (and its decoding) per line, for mappers that work on bytes.
   */
  public Input<TextLine> buildLines() {
    Checks.argument(!paths.isEmpty() || !globs.isEmpty(), "no path or glob was added");
    return new TextFileInput<>(
        List.copyOf(paths), List.copyOf(globs), splitBytes, TextFileInput::textLines);
  }
}
