/**
 * The vocabulary every scaleblocks block shares.
 *
 * <ul>
 *   <li>{@link io.github.scaleblocks.core.Node}: how a user's own object (a {@code DataSource}, an
 *       HTTP client, a host and port) takes part in routing and balancing, under a stable id the
 *       user chooses.
 *   <li>{@link io.github.scaleblocks.core.hash.KeyHasher}: 64-bit key hashes that never change
 *       between JVMs or releases.
 *   <li>{@link io.github.scaleblocks.core.time.Ticker}: injectable time, so every time-based
 *       feature runs on virtual time in tests.
 *   <li>{@link io.github.scaleblocks.core.event.EventPublisher}: the listener hook every block
 *       publishes metrics and lifecycle events through.
 * </ul>
 */
@NullMarked
package io.github.scaleblocks.core;

import org.jspecify.annotations.NullMarked;
