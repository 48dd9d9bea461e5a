/**
 * Resharding against a real PostgreSQL server at 127.0.0.1:5432: migrations between databases,
 * reads during a migration, and a migration process killed with SIGKILL and resumed.
 */
@NullMarked
package io.github.scaleblocks.sharding.resharding.it;

import org.jspecify.annotations.NullMarked;
