package io.github.scaleblocks.sharding;

/**
 * Modulo of the key's value (ShardingSphere's MOD): the owner of key k among n nodes is node {@code
 * floorMod(k, n)}, so negative keys also land in 0..n-1 ({@code -1} goes to node n-1), as
 * ShardingSphere's {@code BigInteger.mod} does. Text keys are decimal integers of any length (an
 * optional sign and ASCII digits; no spaces, no other characters), reduced exactly, so "123" routes
 * like {@code 123L}.
 *
 * <p>Sequential ids spread perfectly evenly, which is the reason to pick it over hash modulo. When
 * not to use it: keys with a common stride (all even, all multiples of n) pile onto few nodes, and
 * changing n moves about n/(n+1) of all keys; it suits a fixed shard count only.
 */
final class ModPartitioning implements ValueRouter.Partitioning {
  static final ModPartitioning INSTANCE = new ModPartitioning();

  private ModPartitioning() {}

  @Override
  public void checkNodeCount(int nodeCount) {
    // any positive count: Nodes.checkedCopy has rejected an empty set
  }

  @Override
  public int partition(long key, int nodeCount) {
    return (int) Math.floorMod(key, (long) nodeCount);
  }

  @Override
  public int partition(CharSequence key, int nodeCount) {
    return ValueKeys.floorMod(key, nodeCount);
  }

  @Override
  public String toString() {
    return "modulo";
  }
}
