/** Tests of the TinyURL service against real database servers. */
@NullMarked
package io.github.scaleblocks.examples.tinyurl.it;

import org.jspecify.annotations.NullMarked;
