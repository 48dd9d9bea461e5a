package io.github.scaleblocks.examples.tinyurl;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The binary form of a click log segment: the clicks of one batch, one shard and one UTC day,
 * stored as one row of {@code click_segments} instead of one row per click.
 *
 * <h2>Why</h2>
 *
 * <p>One row per click cost the embedded H2 shards a copy-on-write B-tree page (and an index page
 * and an undo-log record) per click; under 20,000 redirects/s that was most of the process's
 * allocation. A segment is one row per batch: the database does the same work for 1,000 clicks as
 * for one, and the clicks themselves become a few bytes each.
 *
 * <h2>Format (version 1)</h2>
 *
 * <pre>
 *   byte    version (1)
 *   varint  number of distinct strings S, then S times: varint UTF-8 length, UTF-8 bytes
 *   varint  number of clicks N
 *   long    base instant (epoch millis; the earliest click), 8 bytes big-endian
 *   N times:
 *     varint  code: string index
 *     varlong instant - base (not negative)
 *     varint  referrer host: 0 for a direct visit, else string index + 1
 *     varint  agent class: string index
 *   int     CRC-32 of every byte before it, 4 bytes big-endian
 * </pre>
 *
 * <p>Codes, hosts and agent classes repeat within a batch, so each is stored once (the string
 * table) and referred to by index; a click of 1,000 distinct codes takes about 12 bytes, a click of
 * a hot code about 5. Decoding checks the version, the checksum, every index, the count against the
 * row's {@code clicks_count}, that every click falls on the row's {@code click_day}, and that no
 * bytes are left over; anything else is an {@link IllegalStateException} naming the shard and the
 * segment. Stateless and thread-safe.
 */
final class ClickSegment {
  static final int VERSION = 1;
  private static final int CRC_BYTES = 4;

  private ClickSegment() {}

  /** The segment of {@code clicks} (at least one; all of one UTC day). */
  static byte[] encode(List<Click> clicks) {
    if (clicks.isEmpty()) {
      throw new IllegalArgumentException("a click segment needs at least one click");
    }
    LocalDate day = clicks.get(0).day();
    long base = Long.MAX_VALUE;
    Map<String, Integer> indexes = new HashMap<>();
    List<String> strings = new ArrayList<>();
    int[] refs = new int[clicks.size() * 3];
    int r = 0;
    for (Click click : clicks) {
      if (!click.day().equals(day)) {
        throw new IllegalArgumentException(
            "a click segment holds one day but got " + day + " and " + click.day());
      }
      base = Math.min(base, click.atMillis());
      refs[r++] = index(click.code(), indexes, strings);
      String host = click.referrerHost();
      refs[r++] = host == null ? 0 : index(host, indexes, strings) + 1;
      refs[r++] = index(click.agent(), indexes, strings);
    }
    Writer out = new Writer(32 + strings.size() * 12 + clicks.size() * 8);
    out.writeByte(VERSION);
    out.writeVarLong(strings.size());
    for (String string : strings) {
      byte[] utf8 = string.getBytes(StandardCharsets.UTF_8);
      out.writeVarLong(utf8.length);
      out.write(utf8);
    }
    out.writeVarLong(clicks.size());
    out.writeLong(base);
    r = 0;
    for (Click click : clicks) {
      out.writeVarLong(refs[r++]);
      out.writeVarLong(click.atMillis() - base);
      out.writeVarLong(refs[r++]);
      out.writeVarLong(refs[r++]);
    }
    CRC32 crc = new CRC32();
    crc.update(out.bytes, 0, out.size);
    out.writeInt((int) crc.getValue());
    return Arrays.copyOf(out.bytes, out.size);
  }

  private static int index(String string, Map<String, Integer> indexes, List<String> strings) {
    Integer known = indexes.get(string);
    if (known != null) {
      return known;
    }
    int index = strings.size();
    strings.add(string);
    indexes.put(string, index);
    return index;
  }

  /**
   * The clicks of a stored segment, checked against its row: {@code expectedCount} clicks, all on
   * {@code day}. {@code shard} and {@code segmentId} only name the segment in the exception thrown
   * when the body is not a valid segment.
   */
  static List<Click> decode(
      byte[] body, String shard, String segmentId, LocalDate day, int expectedCount) {
    Reader in = new Reader(body, shard, segmentId);
    if (body.length < 1 + CRC_BYTES) {
      throw in.corrupt("it has only " + body.length + " bytes");
    }
    int end = body.length - CRC_BYTES;
    CRC32 crc = new CRC32();
    crc.update(body, 0, end);
    int stored =
        ((body[end] & 0xff) << 24)
            | ((body[end + 1] & 0xff) << 16)
            | ((body[end + 2] & 0xff) << 8)
            | (body[end + 3] & 0xff);
    if (stored != (int) crc.getValue()) {
      throw in.corrupt("its checksum does not match");
    }
    in.end = end;
    int version = in.readByte();
    if (version != VERSION) {
      throw in.corrupt("it has version " + version + ", this build reads " + VERSION);
    }
    int stringCount = in.readSize("string count");
    String[] strings = new String[stringCount];
    for (int i = 0; i < stringCount; i++) {
      int length = in.readSize("string length");
      strings[i] = new String(body, in.take(length), length, StandardCharsets.UTF_8);
    }
    int count = in.readSize("click count");
    if (count != expectedCount) {
      throw in.corrupt("it holds " + count + " clicks but its row says " + expectedCount);
    }
    long base = in.readLong();
    List<Click> clicks = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      String code = strings[in.readIndex(stringCount)];
      long at = base + in.readVarLong();
      int host = in.readIndex(stringCount + 1);
      String agent = strings[in.readIndex(stringCount)];
      LocalDate clickDay = Click.dayOf(at);
      if (!clickDay.equals(day)) {
        throw in.corrupt("click " + i + " is of " + clickDay + ", not of its row's day " + day);
      }
      clicks.add(new Click(code, at, clickDay, host == 0 ? null : strings[host - 1], agent));
    }
    if (in.position != end) {
      throw in.corrupt((end - in.position) + " bytes are left after the last click");
    }
    return clicks;
  }

  /** A growable byte buffer with the few writes the format needs. */
  private static final class Writer {
    byte[] bytes;
    int size;

    Writer(int capacity) {
      bytes = new byte[capacity];
    }

    private void ensure(int more) {
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }

    void writeByte(int value) {
      ensure(1);
      bytes[size++] = (byte) value;
    }

    void write(byte[] values) {
      ensure(values.length);
      System.arraycopy(values, 0, bytes, size, values.length);
      size += values.length;
    }

    void writeVarLong(long value) {
      ensure(10);
      long rest = value;
      while ((rest & ~0x7fL) != 0) {
        bytes[size++] = (byte) ((rest & 0x7f) | 0x80);
        rest >>>= 7;
      }
      bytes[size++] = (byte) rest;
    }

    void writeLong(long value) {
      ensure(8);
      for (int shift = 56; shift >= 0; shift -= 8) {
        bytes[size++] = (byte) (value >>> shift);
      }
    }

    void writeInt(int value) {
      ensure(4);
      for (int shift = 24; shift >= 0; shift -= 8) {
        bytes[size++] = (byte) (value >>> shift);
      }
    }
  }

  /** Reads a segment body, failing with the shard and segment named. */
  private static final class Reader {
    private final byte[] body;
    private final String shard;
    private final String segmentId;
    int position;
    int end;

    Reader(byte[] body, String shard, String segmentId) {
      this.body = body;
      this.shard = shard;
      this.segmentId = segmentId;
      this.end = body.length;
    }

    IllegalStateException corrupt(String why) {
      return new IllegalStateException(
          "click segment " + segmentId + " in " + shard + " is corrupt: " + why);
    }

    int readByte() {
      if (position >= end) {
        throw corrupt("it ends at byte " + position + ", in the middle of a value");
      }
      return body[position++] & 0xff;
    }

    long readVarLong() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        int b = readByte();
        value |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          if (value < 0) {
            throw corrupt("a number at byte " + position + " is negative");
          }
          return value;
        }
      }
      throw corrupt("a number at byte " + position + " has more than 10 bytes");
    }

    int readSize(String what) {
      long value = readVarLong();
      // every string byte and every click (at least 4 bytes) is still to come
      if (value > end - position) {
        throw corrupt("its " + what + " " + value + " exceeds the bytes left");
      }
      return (int) value;
    }

    int readIndex(int limit) {
      long value = readVarLong();
      if (value >= limit) {
        throw corrupt("index " + value + " before byte " + position + " is not below " + limit);
      }
      return (int) value;
    }

    long readLong() {
      long value = 0;
      for (int i = 0; i < 8; i++) {
        value = (value << 8) | readByte();
      }
      return value;
    }

    int take(int length) {
      int start = position;
      if (length > end - position) {
        throw corrupt("a string of " + length + " bytes runs past the end");
      }
      position += length;
      return start;
    }
  }
}
