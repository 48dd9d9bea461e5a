package io.github.scaleblocks.sharding;

/**
 * What a {@link BoundedLoadRouter} reports to the listeners registered on its builder, on the
 * thread that called it, after its lock is released. Nothing is built when nobody listens.
 */
public sealed interface BoundedLoadEvent permits BoundedLoadEvent.Overflowed {

  /**
   * An {@code acquire} found the key's ring owner at capacity and gave the key to a later node
   * clockwise: the load bound at work (a hot key or an overloaded node shows up here).
   *
   * @param preferredNodeId the id of the node that owns the key's position on the ring
   * @param chosenNodeId the id of the node that got the key
   * @param chosenLoad the chosen node's load after the acquire
   * @param totalLoad the total load after the acquire
   */
  record Overflowed(String preferredNodeId, String chosenNodeId, int chosenLoad, long totalLoad)
      implements BoundedLoadEvent {}
}
