package io.github.scaleblocks.loadbalancing;

/** How a picked call ended, as reported to {@link LoadBalancer#report}. */
public enum Outcome {
  /** The call succeeded: counts for the node's success rate, latency and peak EWMA. */
  SUCCESS,
  /**
   * The call failed because of the node (an error, a timeout): counts against the node's success
   * rate and towards outlier ejection; its latency is recorded.
   */
  FAILURE,
  /**
   * The call was abandoned by the caller (the losing attempt of a hedged call, a cancelled
   * request): it only ends the call in flight and counts as cancelled; neither success rate nor
   * latency change.
   */
  CANCELLED
}
