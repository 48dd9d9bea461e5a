package io.github.scaleblocks.examples.tinyurl;

import org.jspecify.annotations.Nullable;

/**
 * A redirect as it happened, built on the redirect's thread: the code, the instant in epoch
 * milliseconds and the raw {@code Referer} and {@code User-Agent} header values (strings the HTTP
 * server has already made, so building this allocates one small object). Parsing them into a {@link
 * Click} is the consumer's work, off the redirect's critical path.
 */
record ClickEvent(
    String code, long atMillis, @Nullable String referrer, @Nullable String userAgent) {}
