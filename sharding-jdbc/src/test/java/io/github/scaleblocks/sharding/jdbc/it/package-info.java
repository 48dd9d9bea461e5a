/** Tests of the JDBC directory store against a real PostgreSQL server. */
@NullMarked
package io.github.scaleblocks.sharding.jdbc.it;

import org.jspecify.annotations.NullMarked;
