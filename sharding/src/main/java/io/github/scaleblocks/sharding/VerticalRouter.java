package io.github.scaleblocks.sharding;

import io.github.scaleblocks.core.Node;
import io.github.scaleblocks.core.internal.Checks;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Vertical partitioning: each feature (a table group, a service's data: {@code "profiles"}, {@code
 * "messages"}) lives on its own set of nodes with its own strategy, and a request is routed by
 * (feature, key): first to the feature's {@link ShardRouter}, then within it by the key.
 *
 * <pre>{@code
 * VerticalRouter<DataSource> router = ShardRouters.vertical()
 *     .feature("profiles", ShardRouters.boundaryRange(1_000_000).build(profileDbs))
 *     .feature("messages", ShardRouters.jump().build(messageDbs))
 *     .build();
 * DataSource db = router.route("messages", conversationId).payload();
 * }</pre>
 *
 * <p>Feature names are 1 to 64 chars of ASCII letters, digits, {@code '.'}, {@code '_'} and {@code
 * '-'}, starting with a letter or digit, and distinct. An unknown feature is an {@link
 * IllegalArgumentException} naming it and listing the known ones.
 *
 * <p>Immutable and thread-safe; a lookup costs one hash-map probe plus the sub-router's own cost.
 * To change one feature's nodes at run time, give that feature a {@link RouterHolder} as its
 * router.
 *
 * <p>When not to use it: when every feature shares one node set and strategy (a plain {@link
 * ShardRouter} does), or when one request must join data of two features (they may be on different
 * nodes: that is the point of the split).
 *
 * @param <T> the payload type of the nodes
 */
public final class VerticalRouter<T> {
  /** The longest feature name accepted. */
  public static final int MAX_FEATURE_LENGTH = 64;

  private final Map<String, ShardRouter<T>> routers;

  private VerticalRouter(Map<String, ShardRouter<T>> routers) {
    this.routers = routers;
  }

  /** The router of {@code feature}. */
  public ShardRouter<T> router(String feature) {
    Checks.notNull(feature, "feature");
    ShardRouter<T> router = routers.get(feature);
    if (router == null) {
      throw new IllegalArgumentException(
          "unknown feature '" + feature + "'; known features: " + routers.keySet());
    }
    return router;
  }

  /** The node of {@code feature} that owns {@code key}. */
  public Node<T> route(String feature, CharSequence key) {
    return router(feature).route(key);
  }

  /** The node of {@code feature} that owns {@code key}. */
  public Node<T> route(String feature, byte[] key) {
    return router(feature).route(key);
  }

  /** The node of {@code feature} that owns {@code key}. */
  public Node<T> route(String feature, long key) {
    return router(feature).route(key);
  }

  /** The feature names, in the order they were added. */
  public Set<String> features() {
    return routers.keySet();
  }

  @Override
  public String toString() {
    return "VerticalRouter" + routers;
  }

  /**
   * Checks a feature name: 1 to 64 chars of ASCII letters, digits, '.', '_' and '-', starting with
   * a letter or digit.
   */
  static String checkFeature(String feature) {
    Checks.notNull(feature, "feature");
    boolean valid = !feature.isEmpty() && feature.length() <= MAX_FEATURE_LENGTH;
    for (int i = 0; valid && i < feature.length(); i++) {
      char c = feature.charAt(i);
      boolean alphanumeric =
          (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      valid = alphanumeric || (i > 0 && (c == '.' || c == '_' || c == '-'));
    }
    if (!valid) {
      throw new IllegalArgumentException(
          "feature name "
              + ValueKeys.quote(feature)
              + " must be 1 to "
              + MAX_FEATURE_LENGTH
              + " chars of ASCII letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
    return feature;
  }

  /**
   * The first step of building: {@link #feature} fixes the payload type and returns the {@link
   * Builder}. Obtained from {@link ShardRouters#vertical()}; stateless.
   */
  public static final class Start {
    static final Start INSTANCE = new Start();

    private Start() {}

    /** Adds the first feature; see {@link Builder#feature}. */
    public <T> Builder<T> feature(String name, ShardRouter<T> router) {
      return new Builder<T>().feature(name, router);
    }
  }

  /**
   * Collects features in order and builds the {@link VerticalRouter}. Reusable: {@link #build}
   * copies the features, so adding more later does not change routers already built.
   *
   * @param <T> the payload type of the nodes
   */
  public static final class Builder<T> {
    private final Map<String, ShardRouter<T>> routers = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Routes {@code name}'s keys with {@code router}. Rejects an invalid or already added name,
     * naming it.
     */
    public Builder<T> feature(String name, ShardRouter<T> router) {
      checkFeature(name);
      Checks.notNull(router, "router of feature '" + name + "'");
      if (routers.containsKey(name)) {
        throw new IllegalArgumentException(
            "feature '" + name + "' was already added; feature names must be unique");
      }
      routers.put(name, router);
      return this;
    }

    /** A router over the features added so far, in their order. */
    public VerticalRouter<T> build() {
      return new VerticalRouter<>(Collections.unmodifiableMap(new LinkedHashMap<>(routers)));
    }
  }
}
