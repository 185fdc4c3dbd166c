package io.streamroom.web;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The channels one bridge socket hears through the {@link BridgeFanout}: those the page registered and its
 * session is still in. Used on the HTTP event loop only.
 */
final class SocketChannels {
  private final BridgeFanout fanout;
  private final BridgeFanout.Member member;
  private final Set<String> listening = new HashSet<>();

  SocketChannels(BridgeFanout fanout, SockJSSocket socket, AtomicReference<String> closeReason) {
    this.fanout = fanout;
    this.member = new BridgeFanout.Member(socket, closeReason);
  }

  /** Completes on {@code caller} once the channel's events reach the socket (at once if they already do). */
  Future<Void> listen(String channel, Context caller) {
    return listening.add(channel) ? fanout.listen(channel, member, caller) : Future.succeededFuture();
  }

  /** The page unregistered, or the session left the channel. */
  void stop(String channel) {
    if (listening.remove(channel)) fanout.stopListening(channel, member);
  }

  /** The socket closed. */
  void stopAll() {
    listening.forEach(channel -> fanout.stopListening(channel, member));
    listening.clear();
  }
}
