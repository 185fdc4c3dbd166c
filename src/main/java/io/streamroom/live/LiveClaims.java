package io.streamroom.live;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;

import java.util.HashMap;
import java.util.Map;

/**
 * Which source may stream into each channel: one claim per channel, taken before announcing. On a single node
 * the claims are this node's map. In a cluster a source's claim is also taken in the cluster's map, so one
 * source streams into a channel across all nodes, and each node's map learns the claims granted on other
 * nodes from their announcements. One event loop (the live hub's).
 */
final class LiveClaims {
  /**
   * The cluster-wide map, channel to claim; a dead node's announced streams are given back by the chat leader's
   * "live: false", and its other claims run out (the lease).
   */
  private static final String CLUSTER_MAP = "streamroom.live.claims";
  /**
   * How long a claim in the cluster's map lasts unless its node renews it. A node that dies between a claim
   * and its announcement (an OBS publisher that sent no media yet) has no stream the leader could stop, so its
   * claim runs out instead: within the 10 s for a dead node's streams.
   */
  private static final long LEASE_MS = 8_000;
  /** Renewing a few times per lease rides out a slow round trip to the map. */
  private static final long RENEW_EVERY_MS = 2_000;

  private final Vertx vertx;
  private final Map<String, String> claims = new HashMap<>();
  /** The claims this node holds in the cluster's map, which it renews. */
  private final Map<String, String> leased = new HashMap<>();
  private boolean renewing;

  LiveClaims(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * A claim of a source on this node (of any kind, a browser too): granted when the channel is free on every node,
   * or already its own.
   */
  Future<Boolean> take(String channel, String claim) {
    String held = claims.get(channel);
    if (held != null) return Future.succeededFuture(held.equals(claim));
    if (!vertx.isClustered()) return Future.succeededFuture(takeHere(channel, claim));
    return clusterMap().compose(map -> map.putIfAbsent(channel, claim, LEASE_MS).compose(previous -> {
      if (previous != null) return Future.succeededFuture(previous.equals(claim));
      if (takeHere(channel, claim)) {
        lease(channel, claim);
        return Future.succeededFuture(true);
      }
      return map.removeIfPresent(channel, claim).map(false); // another source's announcement reached this node meanwhile
    }));
  }

  private void lease(String channel, String claim) {
    leased.put(channel, claim);
    if (renewing) return;
    renewing = true;
    vertx.setPeriodic(RENEW_EVERY_MS, id -> renew());
  }

  private void renew() {
    if (leased.isEmpty()) return;
    clusterMap().onSuccess(map -> leased.forEach((channel, claim) -> map.replaceIfPresent(channel, claim, claim, LEASE_MS)));
  }

  /** Takes a free channel in this node's map, at once (a single node's whole claim). */
  private boolean takeHere(String channel, String claim) {
    return claims.putIfAbsent(channel, claim) == null;
  }

  void release(String channel, String claim) {
    claims.remove(channel, claim);
    leased.remove(channel, claim);
    if (vertx.isClustered()) clusterMap().compose(map -> map.removeIfPresent(channel, claim));
  }

  /**
   * An announcement: whether it comes from the source holding the channel's claim (a stale one is ignored).
   * "live: false" gives the claim back.
   */
  boolean announced(String channel, String claim, boolean live) {
    // In a cluster a source on another node took the claim through the cluster's map before announcing.
    if (live && vertx.isClustered()) claims.putIfAbsent(channel, claim);
    if (!claim.equals(claims.get(channel))) return false;
    if (!live) release(channel, claim);
    return true;
  }

  private Future<AsyncMap<String, String>> clusterMap() {
    return vertx.sharedData().getAsyncMap(CLUSTER_MAP);
  }
}
