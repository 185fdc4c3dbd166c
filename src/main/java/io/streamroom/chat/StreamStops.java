package io.streamroom.chat;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Stopping a channel's stream where it comes from: the live hub stops a browser's, the video verticle a video,
 * the RTMP ingest an OBS stream; each answers {stopped}. Those addresses are point-to-point, so in a cluster a
 * request would reach one node's consumer, maybe not the streaming one: there the chat leader asks the source's
 * node (named by its announcement) at {@link Addresses#streamStop}, and that node asks its own sources.
 */
public final class StreamStops {
  private static final List<String> SOURCES = List.of(Addresses.LIVE_STOP, Addresses.VIDEO_STOP, Addresses.INGEST_STOP);
  /** A node asks only its own sources: the stream is there. */
  private static final DeliveryOptions HERE = new DeliveryOptions().setLocalOnly(true);
  /** Failure code of a stop that failed on its node (a source that did not answer). */
  private static final int FAILED = 500;

  private StreamStops() {}

  /**
   * Whether a source stopped the channel's stream: the sources of {@code node} (the source's cluster node), or
   * on a single node (null) this node's.
   */
  static Future<Boolean> stop(EventBus bus, JsonObject stop, String node) {
    if (node == null) return stopAt(bus, stop, new DeliveryOptions());
    // A node gone meanwhile stopped nothing; the leader ends its streams when it hears the node left.
    return stopped(bus.<JsonObject>request(Addresses.streamStop(node), stop));
  }

  /** Answers {@link Addresses#streamStop} for this cluster node with its own sources. */
  public static Future<Void> answerFor(EventBus bus, String node) {
    return bus.<JsonObject>consumer(Addresses.streamStop(node), m -> stopAt(bus, m.body(), HERE)
        .onSuccess(stopped -> m.reply(new JsonObject().put("stopped", stopped)))
        .onFailure(e -> m.fail(FAILED, e.getMessage()))).completion();
  }

  private static Future<Boolean> stopAt(EventBus bus, JsonObject stop, DeliveryOptions delivery) {
    return Future.all(SOURCES.stream().map(address -> stopped(bus.<JsonObject>request(address, stop, delivery))).toList())
        .map(replies -> replies.<Boolean>list().contains(true));
  }

  /** Whether the source stopped a stream; a source that is switched off (no RTMP port) stopped none. */
  private static Future<Boolean> stopped(Future<Message<JsonObject>> reply) {
    return reply.map(r -> r.body().getBoolean("stopped", false))
        .recover(e -> e instanceof ReplyException r && r.failureType() == ReplyFailure.NO_HANDLERS
            ? Future.succeededFuture(false) : Future.failedFuture(e));
  }
}
