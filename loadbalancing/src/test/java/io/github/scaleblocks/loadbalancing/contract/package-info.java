/** The property contract every balancing strategy is run through. */
@NullMarked
package io.github.scaleblocks.loadbalancing.contract;

import org.jspecify.annotations.NullMarked;
