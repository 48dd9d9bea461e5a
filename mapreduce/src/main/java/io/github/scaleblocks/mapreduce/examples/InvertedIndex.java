package io.github.scaleblocks.mapreduce.examples;

import io.github.scaleblocks.mapreduce.Codecs;
import io.github.scaleblocks.mapreduce.MapReduceJob;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * An inverted index: for each word (as in {@link WordCount}), the sorted ids of the documents that
 * contain it. No combiner: the reducer sees every (word, document) pair, which exercises the
 * engine's grouping path; keys come out in word order.
 */
public final class InvertedIndex {
  private InvertedIndex() {}

  /** A document to index. */
  public record Document(String id, String text) implements Serializable {}

  /** The job: document to (word, sorted distinct document ids). */
  public static MapReduceJob<Document, String, String, List<String>> job() {
    return MapReduceJob.<Document, String, String, List<String>>builder(
            (document, out) ->
                WordCount.forEachWord(document.text(), w -> out.emit(w, document.id())),
            (word, ids, out) -> {
              TreeSet<String> distinct = new TreeSet<>();
              ids.forEach(distinct::add);
              out.write(new ArrayList<>(distinct));
            })
        .name("inverted-index")
        .keyOrder(Comparator.<String>naturalOrder())
        .codecs(Codecs.string(), Codecs.string())
        .build();
  }
}
