package io.github.scaleblocks.examples.tinyurl.loadtest;

import java.nio.charset.StandardCharsets;

/**
 * An incremental parser of HTTP/1.1 responses to requests sent one at a time on a keep-alive
 * connection: bytes are fed as they arrive, and {@link #feed} says when a whole response (status
 * line, headers, and a body framed by {@code Content-Length}, chunked encoding or, without either,
 * the end of the connection) has been read. Bodies are skipped, not kept. Allocates nothing per
 * response; not thread-safe (one per connection).
 */
final class ResponseParser {
  /** The most header bytes accepted before the response is called malformed. */
  static final int MAX_HEADER_BYTES = 64 * 1024;

  /** What {@link #feed} found. */
  enum Result {
    /** More bytes are needed. */
    INCOMPLETE,
    /** A response is complete: see {@link #status()} and {@link #closeAfter()}. */
    COMPLETE,
  }

  private enum State {
    HEADERS,
    BODY,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_TRAILER,
    UNTIL_CLOSE
  }

  private State state = State.HEADERS;
  private int status;
  private boolean closeAfter;
  private long remaining;
  private int scanned;

  /** The status code of the last complete response. */
  int status() {
    return status;
  }

  /** Whether the server closes the connection after the last complete response. */
  boolean closeAfter() {
    return closeAfter;
  }

  /** Whether the response being read ends only when the server closes the connection. */
  boolean readsUntilClose() {
    return state == State.UNTIL_CLOSE;
  }

  /** Forgets a partly read response (the connection is being replaced). */
  void reset() {
    state = State.HEADERS;
    remaining = 0;
    scanned = 0;
    closeAfter = false;
  }

  /**
   * Reads what it can of {@code buffer[from, to)}. Returns how many bytes it consumed in the low 32
   * bits of the result and {@link Result#COMPLETE} as bit 32 when a response ended there; a caller
   * keeps the unconsumed rest (only the header part is ever left unconsumed) and feeds it again
   * with more bytes.
   *
   * @throws MalformedResponse when the bytes are not an HTTP/1.x response
   */
  long feed(byte[] buffer, int from, int to) {
    int at = from;
    while (at < to) {
      switch (state) {
        case HEADERS -> {
          int end = indexOfBlankLine(buffer, Math.max(at, at + scanned - 3), to);
          if (end < 0) {
            scanned = to - at;
            if (scanned > MAX_HEADER_BYTES) {
              throw new MalformedResponse("response headers longer than " + MAX_HEADER_BYTES);
            }
            return (long) at - from;
          }
          scanned = 0;
          headers(buffer, at, end);
          at = end + 4;
          if (status >= 100 && status < 200) {
            state = State.HEADERS; // an interim answer: the real one follows
            continue;
          }
          if (state == State.BODY && remaining == 0) {
            state = State.HEADERS;
            return complete(at - from);
          }
        }
        case BODY -> {
          int take = (int) Math.min(remaining, (long) to - at);
          at += take;
          remaining -= take;
          if (remaining == 0) {
            state = State.HEADERS;
            return complete(at - from);
          }
        }
        case CHUNK_SIZE -> {
          int lineEnd = indexOfCrlf(buffer, at, to);
          if (lineEnd < 0) {
            return (long) at - from;
          }
          long size = chunkSize(buffer, at, lineEnd);
          at = lineEnd + 2;
          if (size == 0) {
            state = State.CHUNK_TRAILER;
          } else {
            remaining = size + 2; // the data and its CRLF
            state = State.CHUNK_DATA;
          }
        }
        case CHUNK_DATA -> {
          int take = (int) Math.min(remaining, (long) to - at);
          at += take;
          remaining -= take;
          if (remaining == 0) {
            state = State.CHUNK_SIZE;
          }
        }
        case CHUNK_TRAILER -> {
          int lineEnd = indexOfCrlf(buffer, at, to);
          if (lineEnd < 0) {
            return (long) at - from;
          }
          boolean last = lineEnd == at;
          at = lineEnd + 2;
          if (last) {
            state = State.HEADERS;
            return complete(at - from);
          }
        }
        case UNTIL_CLOSE -> at = to;
      }
    }
    return (long) at - from;
  }

  /** The response read until the server closed the connection is complete. */
  void endOfStream() {
    state = State.HEADERS;
    closeAfter = true;
  }

  private static long complete(int consumed) {
    return (1L << 32) | consumed;
  }

  static boolean isComplete(long fed) {
    return (fed >>> 32) != 0;
  }

  static int consumed(long fed) {
    return (int) fed;
  }

  private void headers(byte[] b, int from, int blankLine) {
    // "HTTP/1.x NNN"
    if (blankLine - from < 12
        || b[from] != 'H'
        || b[from + 1] != 'T'
        || b[from + 2] != 'T'
        || b[from + 3] != 'P'
        || b[from + 4] != '/'
        || b[from + 8] != ' ') {
      throw new MalformedResponse("not an HTTP/1.x status line: " + text(b, from, blankLine));
    }
    int code = 0;
    for (int i = from + 9; i < from + 12; i++) {
      int digit = b[i] - '0';
      if (digit < 0 || digit > 9) {
        throw new MalformedResponse("bad status code in " + text(b, from, blankLine));
      }
      code = code * 10 + digit;
    }
    status = code;
    boolean http10 = b[from + 7] == '0';
    closeAfter = http10;
    long length = -1;
    boolean chunked = false;
    int line = indexOfCrlf(b, from, blankLine + 2) + 2;
    while (line < blankLine + 2) {
      int lineEnd = indexOfCrlf(b, line, blankLine + 2);
      if (startsWithIgnoreCase(b, line, lineEnd, "content-length:")) {
        length = parseLength(b, line + 15, lineEnd);
      } else if (startsWithIgnoreCase(b, line, lineEnd, "transfer-encoding:")) {
        chunked = containsIgnoreCase(b, line + 18, lineEnd, "chunked");
      } else if (startsWithIgnoreCase(b, line, lineEnd, "connection:")) {
        if (containsIgnoreCase(b, line + 11, lineEnd, "close")) {
          closeAfter = true;
        } else if (containsIgnoreCase(b, line + 11, lineEnd, "keep-alive")) {
          closeAfter = false;
        }
      }
      line = lineEnd + 2;
    }
    if (status < 200 || status == 204 || status == 304) {
      state = State.BODY;
      remaining = 0;
    } else if (chunked) {
      state = State.CHUNK_SIZE;
    } else if (length >= 0) {
      state = State.BODY;
      remaining = length;
    } else {
      state = State.UNTIL_CLOSE;
      closeAfter = true;
    }
  }

  private static long parseLength(byte[] b, int from, int to) {
    long value = 0;
    boolean digits = false;
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c == ' ' || c == '\t') {
        if (digits) {
          break;
        }
        continue;
      }
      if (c < '0' || c > '9' || value > Long.MAX_VALUE / 10 - 10) {
        throw new MalformedResponse("bad Content-Length: " + text(b, from, to));
      }
      value = value * 10 + (c - '0');
      digits = true;
    }
    if (!digits) {
      throw new MalformedResponse("empty Content-Length");
    }
    return value;
  }

  private static long chunkSize(byte[] b, int from, int to) {
    long size = 0;
    int i = from;
    for (; i < to && b[i] != ';' && b[i] != ' '; i++) {
      int digit = Character.digit(b[i], 16);
      if (digit < 0 || size > (Long.MAX_VALUE >> 4)) {
        throw new MalformedResponse("bad chunk size: " + text(b, from, to));
      }
      size = size * 16 + digit;
    }
    if (i == from) {
      throw new MalformedResponse("empty chunk size line");
    }
    return size;
  }

  /** The index of the CR of the first CRLF in {@code [from, to)}, or -1. */
  private static int indexOfCrlf(byte[] b, int from, int to) {
    for (int i = from; i + 1 < to; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** The index of the first CR of the first CRLFCRLF in {@code [from, to)}, or -1. */
  private static int indexOfBlankLine(byte[] b, int from, int to) {
    for (int i = from; i + 3 < to; i++) {
      if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static boolean startsWithIgnoreCase(byte[] b, int from, int to, String lowerPrefix) {
    if (to - from < lowerPrefix.length()) {
      return false;
    }
    for (int i = 0; i < lowerPrefix.length(); i++) {
      int c = b[from + i];
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if (c != lowerPrefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean containsIgnoreCase(byte[] b, int from, int to, String lowerWord) {
    for (int i = from; i + lowerWord.length() <= to; i++) {
      if (startsWithIgnoreCase(b, i, to, lowerWord)) {
        return true;
      }
    }
    return false;
  }

  private static String text(byte[] b, int from, int to) {
    int end = Math.min(to, from + 200);
    return new String(b, from, end - from, StandardCharsets.ISO_8859_1)
        .replaceAll("[\\r\\n]+", " | ");
  }

  /** Bytes that are not an HTTP/1.x response. */
  static final class MalformedResponse extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedResponse(String message) {
      super(message);
    }
  }
}
