/**
 * The extension point of the queueing block: {@link
 * io.github.scaleblocks.queueing.spi.QueueBackend} is where a work queue stores its jobs. The
 * in-memory backend of {@link io.github.scaleblocks.queueing.WorkQueues#inMemory()} and the durable
 * JDBC backend (module {@code scaleblocks-queueing-jdbc}) implement it; a user's backend implements
 * the same interface and is passed to {@link io.github.scaleblocks.queueing.WorkQueues#builder}.
 * {@link io.github.scaleblocks.queueing.spi.PayloadCodec} turns payloads into bytes for backends
 * that store bytes.
 */
@NullMarked
package io.github.scaleblocks.queueing.spi;

import org.jspecify.annotations.NullMarked;
