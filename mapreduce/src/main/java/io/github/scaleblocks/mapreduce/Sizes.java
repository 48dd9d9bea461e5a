package io.github.scaleblocks.mapreduce;

import java.util.Collection;

/**
 * Rough heap sizes for the memory budget. Estimates, not measurements: a String of n Latin-1
 * characters is about 40 + n bytes, a boxed number 16, a hash map entry 48 plus its key and value.
 */
final class Sizes {
  static final long MAP_ENTRY = 48;
  static final long LIST = 40;
  static final long REFERENCE = 8;

  private Sizes() {}

  static long of(Object value) {
    if (value instanceof String s) {
      return 40 + s.length();
    } else if (value instanceof Number || value instanceof Character || value instanceof Boolean) {
      return 16;
    } else if (value instanceof byte[] bytes) {
      return 16 + bytes.length;
    } else if (value instanceof Collection<?> collection) {
      // Walk small collections, sample big ones by their first element.
      long size = LIST + REFERENCE * collection.size();
      int seen = 0;
      long sampled = 0;
      for (Object element : collection) {
        sampled += of(element);
        if (++seen == 8) {
          break;
        }
      }
      return seen == 0 ? size : size + sampled * collection.size() / seen;
    }
    return 64;
  }
}
