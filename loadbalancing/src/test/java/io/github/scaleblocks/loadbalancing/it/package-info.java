/**
 * Tests against real servers: the balancer in front of local HTTP servers that are stopped and
 * restarted under load.
 */
@NullMarked
package io.github.scaleblocks.loadbalancing.it;

import org.jspecify.annotations.NullMarked;
