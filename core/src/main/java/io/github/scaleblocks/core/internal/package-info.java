/**
 * Helpers shared by the scaleblocks modules. Not API: anything here may change in any release; user
 * code should not depend on it.
 */
@NullMarked
package io.github.scaleblocks.core.internal;

import org.jspecify.annotations.NullMarked;
