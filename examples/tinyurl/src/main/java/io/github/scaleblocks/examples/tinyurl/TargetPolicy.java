package io.github.scaleblocks.examples.tinyurl;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Decides whether a target URL may be shortened: {@code http}/{@code https} only, at most {@value
 * #MAX_LENGTH} characters, no control characters, no user info, not this service itself, and
 * (unless allowed) no host that resolves to a private, loopback, link-local, unique-local,
 * carrier-grade NAT, unspecified or multicast address. Every refusal is an {@link ApiException}
 * saying which rule failed. Thread-safe; resolving a name blocks on DNS.
 */
final class TargetPolicy {
  static final int MAX_LENGTH = 2048;

  private final String serviceHost;
  private final int servicePort;
  private final int listenPort;
  private final boolean allowPrivate;
  private final HostResolver resolver;

  TargetPolicy(URI publicUrl, int listenPort, boolean allowPrivate, HostResolver resolver) {
    this.serviceHost = hostOf(publicUrl);
    this.servicePort = portOf(publicUrl);
    this.listenPort = listenPort;
    this.allowPrivate = allowPrivate;
    this.resolver = resolver;
  }

  /** The target (non-ASCII characters percent-encoded) once every rule passed. */
  String check(String target, String field) {
    if (target.isEmpty()) {
      throw invalid(field + " must not be empty");
    }
    if (target.length() > MAX_LENGTH) {
      throw invalid(
          field
              + " has "
              + target.length()
              + " characters but at most "
              + MAX_LENGTH
              + " are allowed");
    }
    for (int i = 0; i < target.length(); i++) {
      if (Character.isISOControl(target.charAt(i))) {
        throw invalid(field + " contains a control character at index " + i);
      }
    }
    URI uri;
    try {
      uri = new URI(target);
    } catch (URISyntaxException e) {
      throw invalid(
          field + " is not a valid URL: " + Errors.printable(String.valueOf(e.getMessage())));
    }
    String scheme = uri.getScheme();
    if (scheme == null) {
      throw invalid(field + " must be an absolute http or https URL");
    }
    String lowerScheme = scheme.toLowerCase(Locale.ROOT);
    if (!lowerScheme.equals("http") && !lowerScheme.equals("https")) {
      throw invalid(field + " must be an http or https URL but has scheme '" + scheme + "'");
    }
    if (uri.getRawUserInfo() != null) {
      throw invalid(field + " must not contain user info (user:password@host)");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw invalid(field + " has no host");
    }
    String bareHost = bare(host).toLowerCase(Locale.ROOT);
    int port = uri.getPort() >= 0 ? uri.getPort() : lowerScheme.equals("https") ? 443 : 80;
    // A loopback name is this service only on its own port; any other name of the service's
    // public host is this service on every port (a shortener never links to itself).
    boolean self =
        isLocalName(bareHost)
            ? port == listenPort || port == servicePort
            : bareHost.equals(serviceHost);
    if (self) {
      throw invalid(field + " points back at this service (" + host + ":" + port + ")");
    }
    if (allowPrivate) {
      return ascii(uri, field);
    }
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(bareHost);
    } catch (UnknownHostException e) {
      throw invalid(field + " host '" + Errors.printable(host) + "' cannot be resolved");
    }
    for (InetAddress address : addresses) {
      if (isNonPublic(address)) {
        throw invalid(
            field
                + " host '"
                + host
                + "' resolves to a private, loopback or link-local address ("
                + address.getHostAddress()
                + "); such targets are refused unless the server runs with"
                + " --allow-private-targets");
      }
    }
    return ascii(uri, field);
  }

  /** The target with non-ASCII characters percent-encoded, so it is a valid Location header. */
  private static String ascii(URI uri, String field) {
    String ascii = uri.toASCIIString();
    if (ascii.length() > MAX_LENGTH) {
      throw invalid(
          field
              + " has "
              + ascii.length()
              + " characters once percent-encoded but at most "
              + MAX_LENGTH
              + " are allowed");
    }
    return ascii;
  }

  static boolean isNonPublic(InetAddress address) {
    if (address.isLoopbackAddress()
        || address.isSiteLocalAddress()
        || address.isLinkLocalAddress()
        || address.isAnyLocalAddress()
        || address.isMulticastAddress()) {
      return true;
    }
    byte[] bytes = address.getAddress();
    if (address instanceof Inet6Address) {
      return (bytes[0] & 0xfe) == 0xfc; // fc00::/7 unique local
    }
    int first = bytes[0] & 0xff;
    int second = bytes[1] & 0xff;
    return first == 0 // 0.0.0.0/8 "this network"
        || (first == 100 && second >= 64 && second <= 127) // 100.64.0.0/10 carrier-grade NAT
        || first >= 240; // reserved and broadcast
  }

  private static boolean isLocalName(String host) {
    if (host.equals("localhost") || host.endsWith(".localhost")) {
      return true;
    }
    if (!looksLikeIpLiteral(host)) {
      return false;
    }
    try {
      InetAddress address = InetAddress.getByName(host); // a literal: no DNS lookup
      return address.isLoopbackAddress() || address.isAnyLocalAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean looksLikeIpLiteral(String host) {
    return host.contains(":") || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
  }

  private static String bare(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private static String hostOf(URI url) {
    String host = url.getHost();
    return host == null ? "" : bare(host).toLowerCase(Locale.ROOT);
  }

  private static int portOf(URI url) {
    if (url.getPort() >= 0) {
      return url.getPort();
    }
    return "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
  }

  private static ApiException invalid(String message) {
    return ApiException.badRequest("invalid_target", message);
  }
}
