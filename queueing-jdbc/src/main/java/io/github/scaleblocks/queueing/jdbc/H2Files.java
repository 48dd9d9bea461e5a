package io.github.scaleblocks.queueing.jdbc;

import java.nio.file.Path;

/** The JDBC URL of the embedded H2 default; kept apart so no H2 class is needed to load others. */
final class H2Files {
  private H2Files() {}

  /**
   * The URL of the database at {@code file}: shared with other processes through {@code
   * AUTO_SERVER}, and written to the file at every commit ({@code WRITE_DELAY=0}) so that a killed
   * process loses no acknowledged enqueue or completion.
   */
  static String url(Path file) {
    String path = file.toAbsolutePath().normalize().toString();
    if (path.indexOf(';') >= 0) {
      throw new IllegalArgumentException(
          "H2 database path '" + path + "' must not contain ';', which ends the JDBC URL");
    }
    return "jdbc:h2:file:" + path + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
  }
}
