package io.streamroom.irc;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many IRC connections on this node have not registered yet (LUSERS' "unknown connections"). Shared by
 * the node's TCP adapter instances, which run on several event loops.
 */
public final class PendingRegistrations {
  private final AtomicInteger count = new AtomicInteger();

  void started() {
    count.incrementAndGet();
  }

  /** The connection registered, or closed without. */
  void ended() {
    count.decrementAndGet();
  }

  int count() {
    return count.get();
  }
}
