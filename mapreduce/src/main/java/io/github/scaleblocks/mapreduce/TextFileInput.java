package io.github.scaleblocks.mapreduce;

import io.github.scaleblocks.mapreduce.spi.Input;
import io.github.scaleblocks.mapreduce.spi.InputSplit;
import io.github.scaleblocks.mapreduce.spi.RecordSink;
import io.github.scaleblocks.mapreduce.spi.SplitPlan;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The text-file input built by {@link TextInputBuilder}: lines as {@code String}s or as {@link
 * TextLine} views, by the {@link LineDecoder} a split opens per read.
 */
final class TextFileInput<T> implements Input<T> {
  private static final long MIN_SPLIT = 1 << 20;
  private static final long MAX_SPLIT = 64 << 20;
  private static final int BUFFER = 1 << 20;

  /**
   * The most a cut ({@link TextSplit#trySplit}) insists each part keeps: smaller parts would not
   * repay a task's fixed cost (its buffer, decoding its keys, merging them), which for a word count
   * of 100,000 distinct words is about what a thread scans in 2 MiB.
   */
  private static final long MAX_MIN_PIECE = 4 << 20;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;

  record Glob(Path directory, String pattern) {}

  private final List<Path> paths;
  private final List<Glob> globs;
  private final long splitBytes;
  private final DecoderFactory<T> decoders;

  /** Turns the bytes of one line (without its {@code \n}) into a record. */
  @FunctionalInterface
  interface LineDecoder<T> {
    T decode(byte[] buffer, int from, int to, long lineStart) throws IOException;
  }

  /** A new decoder for one read of a split of {@code file} (decoders may reuse one record). */
  @FunctionalInterface
  interface DecoderFactory<T> {
    LineDecoder<T> open(Path file);
  }

  TextFileInput(List<Path> paths, List<Glob> globs, long splitBytes, DecoderFactory<T> decoders) {
    this.paths = paths;
    this.globs = globs;
    this.splitBytes = splitBytes;
    this.decoders = decoders;
  }

  /** Lines as {@code String}s. */
  static LineDecoder<String> strings(Path file) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    return (buffer, from, to, lineStart) -> {
      if (to > from && buffer[to - 1] == '\r') {
        to--;
      }
      // String's own UTF-8 decoder is much faster than a CharsetDecoder (an intrinsic ASCII check
      // and copy, a direct Latin-1 result), but it replaces malformed input with U+FFFD. A line
      // without U+FFFD in the result was well-formed (for a Latin-1 string the check is free); one
      // with it is decoded again strictly, which reports the malformed input or confirms that the
      // U+FFFD was in the file.
      String line = new String(buffer, from, to - from, StandardCharsets.UTF_8);
      if (line.indexOf('\uFFFD') < 0) {
        return line;
      }
      try {
        CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(buffer, from, to - from));
        return chars.toString();
      } catch (CharacterCodingException e) {
        throw malformed(file, lineStart, e);
      }
    };
  }

  /** Lines as one reused {@link TextLine} view, checked to be well-formed UTF-8. */
  static LineDecoder<TextLine> textLines(Path file) {
    TextLine view = new TextLine();
    return (buffer, from, to, lineStart) -> {
      if (to > from && buffer[to - 1] == '\r') {
        to--;
      }
      int check = TextLine.check(buffer, from, to);
      if (check >= 0) {
        throw malformed(file, lineStart, null);
      }
      view.set(buffer, from, to - from, check == TextLine.ASCII);
      return view;
    };
  }

  private static IOException malformed(Path file, long lineStart, @Nullable Exception cause) {
    return new IOException(
        "malformed UTF-8 in " + file + " in the line starting at byte " + lineStart, cause);
  }

  @Override
  public SplitPlan<T> plan(int parallelism) throws IOException {
    Set<Path> files = new LinkedHashSet<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        files.addAll(walk(path, null));
      } else if (Files.exists(path)) {
        files.add(path);
      } else {
        throw new NoSuchFileException(path.toString(), null, "input file does not exist");
      }
    }
    for (Glob glob : globs) {
      if (!Files.isDirectory(glob.directory())) {
        throw new NoSuchFileException(
            glob.directory().toString(), null, "glob directory does not exist");
      }
      PathMatcher matcher =
          glob.directory().getFileSystem().getPathMatcher("glob:" + glob.pattern());
      List<Path> matched = walk(glob.directory(), matcher);
      if (matched.isEmpty()) {
        throw new NoSuchFileException(
            glob.directory().toString(), null, "glob '" + glob.pattern() + "' matched no file");
      }
      files.addAll(matched);
    }
    long total = 0;
    List<Long> sizes = new ArrayList<>();
    for (Path file : files) {
      if (!Files.isReadable(file)) {
        throw new AccessDeniedException(file.toString(), null, "input file is not readable");
      }
      long size = Files.size(file);
      sizes.add(size);
      total += size;
    }
    long split =
        splitBytes > 0
            ? splitBytes
            : Math.max(MIN_SPLIT, Math.min(MAX_SPLIT, total / (4L * parallelism)));
    long minPiece = Math.max(1, Math.min(MAX_MIN_PIECE, split / 8));
    List<InputSplit<T>> splits = new ArrayList<>();
    int index = 0;
    for (Path file : files) {
      long size = sizes.get(index++);
      if (size == 0) {
        continue;
      }
      for (long start = 0; start < size; start += split) {
        splits.add(new TextSplit<>(file, start, Math.min(size, start + split), decoders, minPiece));
      }
    }
    return new SplitPlan<>(splits.iterator(), total);
  }

  private static List<Path> walk(Path directory, @Nullable PathMatcher matcher) throws IOException {
    try (Stream<Path> walk = Files.walk(directory)) {
      return walk.filter(Files::isRegularFile)
          .filter(p -> matcher == null || matcher.matches(directory.relativize(p)))
          .sorted()
          .toList();
    }
  }

  /**
   * The lines starting in {@code [start, end)} of {@code file}. The end moves down when {@link
   * #trySplit} cuts off the rest; a read claims the bytes it takes lines from a step at a time, and
   * a cut is only made above the claim, so a line is read by exactly one of the two splits.
   */
  static final class TextSplit<T> implements InputSplit<T> {
    private final Path file;
    private final long start;
    private final DecoderFactory<T> decoders;
    private final long minPiece;

    /** Where this split's lines stop starting; only moves down (lock). */
    private long end;

    /** Lines starting before this are the running read's, and a cut stays above it (lock). */
    private long claimed;

    TextSplit(Path file, long start, long end, DecoderFactory<T> decoders, long minPiece) {
      this.file = file;
      this.start = start;
      this.end = end;
      this.claimed = start;
      this.decoders = decoders;
      this.minPiece = minPiece;
    }

    @Override
    public synchronized String description() {
      return "file " + file + " bytes [" + start + ", " + end + ")";
    }

    /** Halves what is not claimed yet, if each half keeps at least {@code minPiece} bytes. */
    @Override
    public synchronized @Nullable InputSplit<T> trySplit() {
      long rest = end - claimed;
      if (rest < 2 * minPiece) {
        return null;
      }
      long cut = claimed + rest / 2;
      TextSplit<T> piece = new TextSplit<>(file, cut, end, decoders, minPiece);
      end = cut;
      return piece;
    }

    @Override
    public synchronized long estimateRemaining() {
      return end - claimed;
    }

    /**
     * Claims the lines starting before {@code lineStart} plus a step (or the end), for a read at a
     * line starting at {@code lineStart}; returns the new claim, or -1 when that line starts at or
     * after the end (it is the next split's).
     */
    private synchronized long claim(long lineStart) {
      if (lineStart >= end) {
        return -1;
      }
      claimed = Math.max(claimed, Math.min(end, lineStart + Math.min(BUFFER, minPiece)));
      return claimed;
    }

    /** A read starts: nothing claimed yet (a retry reads again from the start); returns the end. */
    private synchronized long claimNothing() {
      claimed = start;
      return end;
    }

    /** A read ended: nothing is left to cut; returns the final end. */
    private synchronized long claimAll() {
      claimed = end;
      return end;
    }

    @Override
    public void read(RecordSink<? super T> sink) throws Exception {
      LineDecoder<T> decoder = decoders.open(file);
      long reported = 0;
      boolean inSink = false;
      long plannedEnd = claimNothing();
      // Lines starting before limit are this read's; at or past it, claim more or stop.
      long limit = start;
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        // Start one byte early: the bytes up to the first newline belong to the previous split,
        // unless that byte is itself the newline ending the previous split's last line.
        long bufferPosition = start == 0 ? 0 : start - 1;
        boolean skipping = start > 0;
        byte[] buffer =
            new byte[(int) Math.min(BUFFER, Math.max(16, plannedEnd - bufferPosition + 1))];
        int length = 0;
        int offset = 0;
        boolean eof = false;
        while (true) {
          int newline = indexOf(buffer, offset, length);
          if (newline < 0) {
            if (eof) {
              long lineStart = bufferPosition + offset;
              if (offset < length
                  && !skipping
                  && (lineStart < limit || (limit = claim(lineStart)) >= 0)) {
                T line = decoder.decode(buffer, offset, length, lineStart);
                inSink = true;
                sink.accept(line, lineStart);
                inSink = false;
              }
              break;
            }
            if (offset > 0) {
              System.arraycopy(buffer, offset, buffer, 0, length - offset);
              bufferPosition += offset;
              length -= offset;
              offset = 0;
            }
            if (length == buffer.length) {
              buffer = Arrays.copyOf(buffer, buffer.length * 2); // a line longer than the buffer
            }
            int read =
                channel.read(
                    ByteBuffer.wrap(buffer, length, buffer.length - length),
                    bufferPosition + length);
            if (read < 0) {
              eof = true;
            } else {
              length += read;
              // Only claimed bytes count as read: the rest may yet be cut off and read elsewhere.
              long consumed = Math.min(bufferPosition + length, limit) - start;
              if (consumed > reported) {
                sink.bytesRead(consumed - reported);
                reported = consumed;
              }
            }
            continue;
          }
          long lineStart = bufferPosition + offset;
          if (skipping) {
            skipping = false;
          } else if (lineStart >= limit && (limit = claim(lineStart)) < 0) {
            break;
          } else {
            T line = decoder.decode(buffer, offset, newline, lineStart);
            inSink = true;
            sink.accept(line, lineStart);
            inSink = false;
          }
          offset = newline + 1;
        }
      } catch (IOException e) {
        String message = e.getMessage();
        if (inSink || (message != null && message.contains(file.toString()))) {
          throw e;
        }
        throw new IOException("cannot read " + file + ": " + e, e);
      }
      long end = claimAll();
      if (end - start > reported) {
        sink.bytesRead(end - start - reported);
      }
    }

    /** The first {@code '\n'} in {@code buffer[from, to)}, or -1; eight bytes at a time. */
    private static int indexOf(byte[] buffer, int from, int to) {
      int i = from;
      for (; i + 8 <= to; i += 8) {
        long word = (long) LONGS.get(buffer, i) ^ NEWLINES;
        long found = (word - 0x0101010101010101L) & ~word & 0x8080808080808080L;
        if (found != 0) {
          return i + (Long.numberOfTrailingZeros(found) >>> 3);
        }
      }
      for (; i < to; i++) {
        if (buffer[i] == '\n') {
          return i;
        }
      }
      return -1;
    }
  }
}
