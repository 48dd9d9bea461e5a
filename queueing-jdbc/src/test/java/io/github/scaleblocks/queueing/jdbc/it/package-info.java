@NullMarked
package io.github.scaleblocks.queueing.jdbc.it;

import org.jspecify.annotations.NullMarked;
