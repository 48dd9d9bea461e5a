/**
 * The one listener hook every block uses for metrics and logging: blocks publish through an {@link
 * io.github.scaleblocks.core.event.EventPublisher}; users register {@link
 * io.github.scaleblocks.core.event.EventListener}s on the block's builder.
 */
@NullMarked
package io.github.scaleblocks.core.event;

import org.jspecify.annotations.NullMarked;
