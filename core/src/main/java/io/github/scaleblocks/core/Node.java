package io.github.scaleblocks.core;

import io.github.scaleblocks.core.internal.Checks;

/**
 * One member of a topology: the user's own object (a {@code DataSource}, an HTTP client, a Redis
 * connection, a host and port) under a stable id the user chooses, with a weight.
 *
 * <p>Routers and balancers place keys by the {@link #id()} and the weight only, never by the
 * payload's {@code toString()} or {@code hashCode()}: JDK 14 changed {@code
 * InetSocketAddress.toString()} and so moved every placement computed from it. Choose ids that
 * outlive deployments ({@code "db-eu-1"}, {@code "cache-3:11211"}), not addresses that change.
 *
 * <p>Ids are 1 to 255 chars with no ISO control characters; weights are 1 or more. Two nodes are
 * equal when id, weight and payload are equal. Instances are immutable (as far as the payload is).
 *
 * @param id the stable identity of the node; placement depends on nothing else but the weight
 * @param weight the relative share of keys or traffic, at least 1
 * @param payload the user's object that requests go to
 * @param <T> the payload type
 */
public record Node<T>(String id, int weight, T payload) {
  /** The longest id accepted. */
  public static final int MAX_ID_LENGTH = 255;

  /** Validates every component; see the class description for the rules. */
  public Node {
    checkId(id);
    if (weight < 1) {
      throw new IllegalArgumentException(
          "weight of node '" + id + "' must be at least 1 but was " + weight);
    }
    Checks.notNull(payload, "payload of node '" + id + "'");
  }

  /** A node of weight 1. */
  public static <T> Node<T> of(String id, T payload) {
    return new Node<>(id, 1, payload);
  }

  /** A node with the given weight. */
  public static <T> Node<T> of(String id, int weight, T payload) {
    return new Node<>(id, weight, payload);
  }

  /** A node whose payload is its own id, for topologies of names (hosts, shard names). */
  public static Node<String> named(String id) {
    return new Node<>(id, 1, id);
  }

  /** This node with another weight. */
  public Node<T> withWeight(int newWeight) {
    return new Node<>(id, newWeight, payload);
  }

  private static void checkId(String id) {
    Checks.notNull(id, "node id");
    if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException(
          "node id must be 1 to " + MAX_ID_LENGTH + " chars but had " + id.length());
    }
    for (int i = 0; i < id.length(); i++) {
      if (Character.isISOControl(id.charAt(i))) {
        throw new IllegalArgumentException(
            "node id '"
                + id.replaceAll("\\p{Cntrl}", "?")
                + "' has a control character at index "
                + i);
      }
    }
  }

  @Override
  public String toString() {
    return "Node[" + id + (weight == 1 ? "" : ", weight=" + weight) + "]";
  }
}
