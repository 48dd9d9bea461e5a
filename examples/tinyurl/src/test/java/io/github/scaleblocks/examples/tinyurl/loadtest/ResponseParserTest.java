package io.github.scaleblocks.examples.tinyurl.loadtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseParserTest {
  private final ResponseParser parser = new ResponseParser();

  /** Feeds {@code text} one byte at a time and returns the byte after which it was complete. */
  private int completeAfterBytewise(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    int start = 0;
    for (int end = 1; end <= bytes.length; end++) {
      long fed = parser.feed(bytes, start, end);
      start += ResponseParser.consumed(fed);
      if (ResponseParser.isComplete(fed)) {
        return end;
      }
    }
    return -1;
  }

  @Test
  void aRedirectWithAnEmptyBodyEndsAtTheBlankLine() {
    String response =
        "HTTP/1.1 302 Found\r\nLocation: https://example.com/\r\nContent-Length: 0\r\n\r\n";
    assertThat(completeAfterBytewise(response)).isEqualTo(response.length());
    assertThat(parser.status()).isEqualTo(302);
    assertThat(parser.closeAfter()).isFalse();
  }

  @Test
  void aBodyFramedByContentLengthIsSkippedWhole() {
    String response = "HTTP/1.1 201 Created\r\ncontent-LENGTH:  11\r\n\r\n{\"code\":42}";
    assertThat(completeAfterBytewise(response)).isEqualTo(response.length());
    assertThat(parser.status()).isEqualTo(201);
  }

  @Test
  void aChunkedBodyEndsAfterTheLastChunkAndTrailers() {
    String response =
        String.join(
            "\r\n",
            "HTTP/1.1 200 OK",
            "Transfer-Encoding: chunked",
            "",
            "5",
            "hello",
            "1a;ext=1",
            "abcdefghijklmnopqrstuvwxyz",
            "0",
            "X-Trailer: 1",
            "",
            "");
    assertThat(completeAfterBytewise(response)).isEqualTo(response.length());
    assertThat(parser.status()).isEqualTo(200);
  }

  @Test
  void twoResponsesInARowAreReadOneAfterTheOther() {
    byte[] bytes =
        String.join(
                "\r\n",
                "HTTP/1.1 404 Not Found",
                "Content-Length: 2",
                "",
                "{}HTTP/1.1 302 Found",
                "Content-Length: 0",
                "Connection: close",
                "",
                "")
            .getBytes(StandardCharsets.ISO_8859_1);
    long first = parser.feed(bytes, 0, bytes.length);
    assertThat(ResponseParser.isComplete(first)).isTrue();
    assertThat(parser.status()).isEqualTo(404);
    int at = ResponseParser.consumed(first);
    long second = parser.feed(bytes, at, bytes.length);
    assertThat(ResponseParser.isComplete(second)).isTrue();
    assertThat(at + ResponseParser.consumed(second)).isEqualTo(bytes.length);
    assertThat(parser.status()).isEqualTo(302);
    assertThat(parser.closeAfter()).isTrue();
  }

  @Test
  void anInterimContinueIsSkipped() {
    String response = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n";
    assertThat(completeAfterBytewise(response)).isEqualTo(response.length());
    assertThat(parser.status()).isEqualTo(204);
  }

  @Test
  void withoutFramingTheBodyEndsWithTheConnection() {
    byte[] bytes = "HTTP/1.0 200 OK\r\n\r\nsome body".getBytes(StandardCharsets.ISO_8859_1);
    long fed = parser.feed(bytes, 0, bytes.length);
    assertThat(ResponseParser.isComplete(fed)).isFalse();
    assertThat(parser.readsUntilClose()).isTrue();
    parser.endOfStream();
    assertThat(parser.status()).isEqualTo(200);
    assertThat(parser.closeAfter()).isTrue();
  }

  @Test
  void bytesThatAreNotHttpAreRefusedWithWhatArrived() {
    byte[] bytes = "SSH-2.0-OpenSSH_9\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> parser.feed(bytes, 0, bytes.length))
        .isInstanceOf(ResponseParser.MalformedResponse.class)
        .hasMessageContaining("SSH-2.0");
    ResponseParser other = new ResponseParser();
    byte[] length =
        "HTTP/1.1 200 OK\r\nContent-Length: x1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> other.feed(length, 0, length.length))
        .hasMessageContaining("Content-Length");
  }
}
