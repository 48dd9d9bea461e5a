@NullMarked
package io.github.scaleblocks.queueing.jdbc;

import org.jspecify.annotations.NullMarked;
