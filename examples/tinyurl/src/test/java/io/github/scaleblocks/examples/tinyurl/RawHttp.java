package io.github.scaleblocks.examples.tinyurl;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Reading HTTP/1.1 requests off a raw socket, for the tests' fake servers. */
public final class RawHttp {
  private static final String CRLF = "\r\n";
  private static final String END_OF_HEAD = CRLF + CRLF;

  private RawHttp() {}

  /**
   * The next request on {@code in}: its request line, headers and body (as long as its {@code
   * Content-Length} says), as ISO-8859-1 text; null at the end of the stream.
   */
  public static @Nullable String readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    int length = 0;
    for (String line : text.split(CRLF)) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).strip());
      }
    }
    return text + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
  }

  /** The body of a request that {@link #readRequest} returned. */
  public static String body(String request) {
    return request.substring(request.indexOf(END_OF_HEAD) + END_OF_HEAD.length());
  }
}
