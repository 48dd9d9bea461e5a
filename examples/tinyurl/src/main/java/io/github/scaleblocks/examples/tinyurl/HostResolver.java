package io.github.scaleblocks.examples.tinyurl;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Resolves the host of a target URL to its addresses, so the service can refuse targets on private,
 * loopback and link-local networks. The default is the JVM's resolver; tests plug in a fixed table
 * so they need no DNS.
 */
@FunctionalInterface
public interface HostResolver {

  /**
   * Every address of {@code host} (a name or an IP literal without brackets).
   *
   * @throws UnknownHostException when the host has no address
   */
  InetAddress[] resolve(String host) throws UnknownHostException;

  /** The JVM's resolver ({@link InetAddress#getAllByName}). */
  static HostResolver system() {
    return InetAddress::getAllByName;
  }
}
