package io.streamroom.chat;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;

/**
 * How many cluster nodes this process has seen leave. A command whose answer timed out is sent again only
 * if a node left meanwhile: then the leader may have died with it; otherwise the leader is alive but slow,
 * and running the command twice (a second sign-up of one name, say) would answer the user wrongly.
 */
public final class NodeDepartures {
  private static final String MAP = "streamroom.cluster";
  private static final String COUNT = "departures";

  private NodeDepartures() {}

  /** A node left the cluster (called by the cluster's membership listener). */
  public static void count(Vertx vertx) {
    counts(vertx).merge(COUNT, 1L, Long::sum);
  }

  static long seen(Vertx vertx) {
    return counts(vertx).getOrDefault(COUNT, 0L);
  }

  private static LocalMap<String, Long> counts(Vertx vertx) {
    return vertx.sharedData().getLocalMap(MAP);
  }
}
