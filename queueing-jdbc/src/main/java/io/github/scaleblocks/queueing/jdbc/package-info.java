/**
 * The durable backend of the queueing block: {@link
 * io.github.scaleblocks.queueing.jdbc.JdbcQueueBackends} builds a {@link
 * io.github.scaleblocks.queueing.spi.QueueBackend} over PostgreSQL or an embedded H2 file, which
 * {@link io.github.scaleblocks.queueing.WorkQueues#builder} turns into a {@link
 * io.github.scaleblocks.queueing.WorkQueue}. Jobs are leased rows; see the queueing package for the
 * delivery semantics.
 */
@NullMarked
package io.github.scaleblocks.queueing.jdbc;

import org.jspecify.annotations.NullMarked;
