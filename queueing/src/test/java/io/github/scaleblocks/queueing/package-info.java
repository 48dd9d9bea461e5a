@NullMarked
package io.github.scaleblocks.queueing;

import org.jspecify.annotations.NullMarked;
