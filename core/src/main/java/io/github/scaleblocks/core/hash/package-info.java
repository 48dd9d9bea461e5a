/**
 * Stable 64-bit key hashing: {@link io.github.scaleblocks.core.hash.KeyHasher} and its built-in
 * implementations in {@link io.github.scaleblocks.core.hash.KeyHashers}.
 */
@NullMarked
package io.github.scaleblocks.core.hash;

import org.jspecify.annotations.NullMarked;
