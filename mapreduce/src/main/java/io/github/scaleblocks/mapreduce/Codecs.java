package io.github.scaleblocks.mapreduce;

import io.github.scaleblocks.core.internal.Checks;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The built-in {@link Codec}s. */
public final class Codecs {
  private Codecs() {}

  /** Strings as a length-prefixed UTF-8 byte sequence (any length, unlike {@code writeUTF}). */
  public static Codec<String> string() {
    return StringCodec.INSTANCE;
  }

  /** {@code long} values, 8 bytes big-endian. */
  public static Codec<Long> longs() {
    return LongCodec.INSTANCE;
  }

  /** {@code int} values, 4 bytes big-endian. */
  public static Codec<Integer> ints() {
    return IntCodec.INSTANCE;
  }

  /** Lists, as a count followed by each element in {@code element}'s encoding. */
  public static <T> Codec<List<T>> list(Codec<T> element) {
    Checks.notNull(element, "element");
    return new Codec<>() {
      @Override
      public void write(List<T> value, DataOutput out) throws IOException {
        out.writeInt(value.size());
        for (T t : value) {
          element.write(t, out);
        }
      }

      @Override
      public List<T> read(DataInput in) throws IOException {
        int size = in.readInt();
        if (size < 0) {
          throw new IOException("corrupt list length " + size);
        }
        List<T> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
          list.add(element.read(in));
        }
        return list;
      }

      @Override
      public String toString() {
        return "Codecs.list(" + element + ")";
      }
    };
  }

  private enum StringCodec implements Codec<String> {
    INSTANCE;

    @Override
    public void write(String value, DataOutput out) throws IOException {
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      out.writeInt(bytes.length);
      out.write(bytes);
    }

    @Override
    public String read(DataInput in) throws IOException {
      int length = in.readInt();
      if (length < 0) {
        throw new IOException("corrupt string length " + length);
      }
      byte[] bytes = new byte[length];
      in.readFully(bytes);
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  private enum LongCodec implements Codec<Long> {
    INSTANCE;

    @Override
    public void write(Long value, DataOutput out) throws IOException {
      out.writeLong(value);
    }

    @Override
    public Long read(DataInput in) throws IOException {
      return in.readLong();
    }
  }

  private enum IntCodec implements Codec<Integer> {
    INSTANCE;

    @Override
    public void write(Integer value, DataOutput out) throws IOException {
      out.writeInt(value);
    }

    @Override
    public Integer read(DataInput in) throws IOException {
      return in.readInt();
    }
  }
}
