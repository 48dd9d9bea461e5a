/**
 * The TinyURL load generator, {@code java -jar tinyurl.jar loadtest ...} ({@link
 * io.github.scaleblocks.examples.tinyurl.loadtest.LoadTest}): creates short codes through the API,
 * then drives redirects, creates or a mix of both over keep-alive HTTP/1.1 connections from
 * non-blocking sockets, at a constant rate (latency measured from each request's intended send
 * time) or as fast as the server answers, and prints throughput, HdrHistogram percentiles and the
 * answers that were not 2xx/3xx or failed. Everything but {@code LoadTest} is package-private.
 */
@NullMarked
package io.github.scaleblocks.examples.tinyurl.loadtest;

import org.jspecify.annotations.NullMarked;
