/**
 * A TinyURL service wired from the scaleblocks blocks: URL records sharded over N databases by
 * short code, served as a JSON API. Start it with {@link
 * io.github.scaleblocks.examples.tinyurl.Main} or embed it with {@link
 * io.github.scaleblocks.examples.tinyurl.TinyUrlServer}.
 */
@NullMarked
package io.github.scaleblocks.examples.tinyurl;

import org.jspecify.annotations.NullMarked;
