package io.github.scaleblocks.mapreduce;

import io.github.scaleblocks.core.internal.Checks;
import io.github.scaleblocks.mapreduce.spi.Output;
import io.github.scaleblocks.mapreduce.spi.OutputSink;
import io.github.scaleblocks.mapreduce.spi.PartitionWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/** The built-in {@link Output}s: in-memory maps and lists, and TSV files one per partition. */
public final class Outputs {
  private Outputs() {}

  /**
   * An unmodifiable map of key to output, in key order when the job has one. A key with more than
   * one output fails the job (use {@link #toList()} for reducers that write several).
   */
  public static <K, O> Output<K, O, Map<K, O>> toMap() {
    return (partitions, keyOrder) ->
        new MemorySink<K, O, Map<K, O>>(partitions) {
          @Override
          Map<K, O> result(List<List<Map.Entry<K, O>>> parts) {
            List<Map.Entry<K, O>> all = concat(parts);
            if (keyOrder != null) {
              all.sort(Map.Entry.comparingByKey(keyOrder));
            }
            Map<K, O> map = new LinkedHashMap<>(all.size() * 2);
            for (Map.Entry<K, O> entry : all) {
              if (map.put(entry.getKey(), entry.getValue()) != null) {
                throw new IllegalStateException(
                    "key " + entry.getKey() + " has more than one output; use Outputs.toList()");
              }
            }
            return Collections.unmodifiableMap(map);
          }
        };
  }

  /**
   * An unmodifiable list of (key, output) entries: sorted by the job's key ordering when it has
   * one, else in partition order.
   */
  public static <K, O> Output<K, O, List<Map.Entry<K, O>>> toList() {
    return (partitions, keyOrder) ->
        new MemorySink<K, O, List<Map.Entry<K, O>>>(partitions) {
          @Override
          List<Map.Entry<K, O>> result(List<List<Map.Entry<K, O>>> parts) {
            List<Map.Entry<K, O>> all = concat(parts);
            if (keyOrder != null) {
              all.sort(Map.Entry.comparingByKey(keyOrder));
            }
            return Collections.unmodifiableList(all);
          }
        };
  }

  /** An unmodifiable list of (key, output) entries sorted by {@code order}. */
  public static <K, O> Output<K, O, List<Map.Entry<K, O>>> toSortedList(
      Comparator<? super Map.Entry<K, O>> order) {
    Checks.notNull(order, "order");
    return (partitions, keyOrder) ->
        new MemorySink<K, O, List<Map.Entry<K, O>>>(partitions) {
          @Override
          List<Map.Entry<K, O>> result(List<List<Map.Entry<K, O>>> parts) {
            List<Map.Entry<K, O>> all = concat(parts);
            all.sort(order);
            return Collections.unmodifiableList(all);
          }
        };
  }

  /**
   * One UTF-8 file per partition in {@code directory} (created if needed), named {@code
   * part-00000.tsv} and so on, with one {@code key<TAB>output} line per output ({@code toString()}
   * of each), in key order when the job has one. A key or output containing a tab or a line break
   * fails the job rather than writing an ambiguous line. Each attempt writes a hidden file renamed
   * into place when the partition commits; a failed or cancelled job deletes its files. The
   * directory must not already hold {@code part-*.tsv} files. The result is the list of files.
   */
  public static <K, O> Output<K, O, List<Path>> tsvFiles(Path directory) {
    Checks.notNull(directory, "directory");
    return (partitions, keyOrder) -> new TsvSink<>(directory, partitions);
  }

  private abstract static class MemorySink<K, O, R> implements OutputSink<K, O, R> {
    private final List<@Nullable List<Map.Entry<K, O>>> committed;

    MemorySink(int partitions) {
      committed = new ArrayList<>(Collections.nCopies(partitions, null));
    }

    abstract R result(List<List<Map.Entry<K, O>>> parts);

    static <K, O> List<Map.Entry<K, O>> concat(List<List<Map.Entry<K, O>>> parts) {
      int size = 0;
      for (List<Map.Entry<K, O>> part : parts) {
        size += part.size();
      }
      List<Map.Entry<K, O>> all = new ArrayList<>(size);
      parts.forEach(all::addAll);
      return all;
    }

    @Override
    public PartitionWriter<K, O> partition(int partition) {
      List<Map.Entry<K, O>> entries = new ArrayList<>();
      return new PartitionWriter<>() {
        @Override
        public void write(K key, O output) {
          entries.add(Map.entry(key, output));
        }

        @Override
        public void commit() {
          synchronized (committed) {
            committed.set(partition, entries);
          }
        }

        @Override
        public void abort() {
          entries.clear();
        }
      };
    }

    @Override
    public R commit() {
      List<List<Map.Entry<K, O>>> parts = new ArrayList<>();
      synchronized (committed) {
        for (int p = 0; p < committed.size(); p++) {
          List<Map.Entry<K, O>> part = committed.get(p);
          if (part == null) {
            throw new IllegalStateException("partition " + p + " was never committed");
          }
          parts.add(part);
        }
      }
      return result(parts);
    }

    @Override
    public void abort() {
      synchronized (committed) {
        Collections.fill(committed, null);
      }
    }
  }

  private static final class TsvSink<K, O> implements OutputSink<K, O, List<Path>> {
    private final Path directory;
    private final int partitions;
    private final AtomicLong attempts = new AtomicLong();

    TsvSink(Path directory, int partitions) throws IOException {
      this.directory = directory;
      this.partitions = partitions;
      Files.createDirectories(directory);
      try (Stream<Path> existing = Files.list(directory)) {
        List<Path> clash =
            existing.filter(p -> p.getFileName().toString().matches("part-\\d+\\.tsv")).toList();
        if (!clash.isEmpty()) {
          throw new IOException(
              "output directory " + directory + " already holds " + clash.get(0).getFileName());
        }
      }
    }

    private Path file(int partition) {
      return directory.resolve(String.format("part-%05d.tsv", partition));
    }

    @Override
    public PartitionWriter<K, O> partition(int partition) throws IOException {
      Path temp =
          directory.resolve(
              String.format(".part-%05d.tsv.attempt-%d", partition, attempts.incrementAndGet()));
      BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8);
      return new PartitionWriter<>() {
        @Override
        public void write(K key, O output) throws IOException {
          String k = key.toString();
          String v = output.toString();
          check(k, "key", key);
          check(v, "output", key);
          out.write(k);
          out.write('\t');
          out.write(v);
          out.write('\n');
        }

        @Override
        public void commit() throws IOException {
          out.close();
          Files.move(temp, file(partition), StandardCopyOption.REPLACE_EXISTING);
        }

        @Override
        public void abort() {
          try {
            out.close();
          } catch (IOException ignored) {
            // the file is deleted next
          }
          try {
            Files.deleteIfExists(temp);
          } catch (IOException ignored) {
            // best effort; the job is failing already
          }
        }
      };
    }

    private static void check(String text, String what, Object key) throws IOException {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '\t' || c == '\n' || c == '\r') {
          throw new IOException(
              "the "
                  + what
                  + " of key "
                  + key
                  + " contains a tab or line break; TSV cannot hold it");
        }
      }
    }

    @Override
    public List<Path> commit() {
      List<Path> files = new ArrayList<>(partitions);
      for (int p = 0; p < partitions; p++) {
        files.add(file(p));
      }
      return List.copyOf(files);
    }

    @Override
    public void abort() {
      for (int p = 0; p < partitions; p++) {
        try {
          Files.deleteIfExists(file(p));
        } catch (IOException ignored) {
          // best effort
        }
      }
    }
  }
}
