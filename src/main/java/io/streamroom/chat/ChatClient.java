package io.streamroom.chat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * An adapter's handle on the chat service for one connection: every command carries the session id the
 * adapter assigned, so the service knows who is speaking without trusting anything the client wrote.
 */
public final class ChatClient {
  /**
   * How long a command waits for a chat service in a cluster whose leader died: failure detection (5 s) and
   * the take-over (about 1 s), with room to spare. A single node never waits: its chat service is always there.
   */
  private static final long RETRY_FOR_MS = 15_000;
  /** Pause between tries while no node runs the chat service: a user waits at most this much longer than the take-over. */
  private static final long RETRY_EVERY_MS = 250;
  /**
   * In a cluster, how long one try waits for its answer: a command sent to a leader that has just died is lost
   * with it, and is sent again after this if a node has left by then (a dead leader is noticed within 5 s). The chat service answers every command sooner (a message it cannot
   * store in 5 s is answered UNCONFIRMED); a message sent again is stored once (its key).
   */
  private static final long CLUSTER_ATTEMPT_MS = 6_000;

  private final EventBus bus;
  private final DeliveryOptions options;

  public ChatClient(EventBus bus, String sessionId) {
    this.bus = bus;
    this.options = new DeliveryOptions().addHeader(Addresses.SESSION_HEADER, sessionId);
  }

  private ChatClient(EventBus bus, DeliveryOptions options) {
    this.bus = bus;
    this.options = options;
  }

  /** For commands on behalf of an account verified by the adapter, outside any connection (REST moderation). */
  public static ChatClient forAccount(EventBus bus, String name, String ip) {
    return new ChatClient(bus, new DeliveryOptions().addHeader(Addresses.ACTOR_HEADER, name)
        .addHeader(Addresses.ACTOR_IP_HEADER, ip == null ? "" : ip));
  }

  /** For commands that act for no connection (web sign-up, channel lists). */
  public static ChatClient withoutSession(EventBus bus) {
    return new ChatClient(bus, new DeliveryOptions());
  }

  /** @return the reply, or a failed future with the {@link ChatException} the service answered */
  public Future<JsonObject> request(CommandType type, JsonObject args) {
    return send(args.copy().put("type", type.wire()), System.currentTimeMillis() + RETRY_FOR_MS)
        .map(Message::body)
        .map(reply -> {
          ChatException refusal = ChatException.fromReply(reply);
          if (refusal != null) throw refusal;
          return reply;
        });
  }

  /**
   * Sends a command as a client wrote it (the web bridge's pages) and answers the chat service's reply as it is: a
   * refusal is a reply too. In a cluster it is sent again while the leader is being replaced, as {@link #request} is.
   */
  public Future<JsonObject> forward(Object command) {
    return send(command, System.currentTimeMillis() + RETRY_FOR_MS).map(Message::body);
  }

  /**
   * Sends again, in a cluster, while no node runs the chat service (nobody got the command), or when the answer
   * timed out and a node has left since it was sent (the leader may have died with it; see {@link NodeDepartures}).
   * A single node sends once, as it always did.
   */
  private Future<Message<JsonObject>> send(Object command, long giveUpAt) {
    Context context = Vertx.currentContext();
    if (context == null || !context.owner().isClustered()) return bus.request(Addresses.COMMANDS, command, options);
    return send(command, giveUpAt, context, NodeDepartures.seen(context.owner()));
  }

  private Future<Message<JsonObject>> send(Object command, long giveUpAt, Context context, long departuresBefore) {
    DeliveryOptions attempt = new DeliveryOptions(options).setSendTimeout(CLUSTER_ATTEMPT_MS);
    return bus.<JsonObject>request(Addresses.COMMANDS, command, attempt).recover(failure -> {
      long departures = NodeDepartures.seen(context.owner());
      boolean leaderGone = failure instanceof ReplyException e && (e.failureType() == ReplyFailure.NO_HANDLERS
          || e.failureType() == ReplyFailure.TIMEOUT && departures > departuresBefore);
      if (!leaderGone || System.currentTimeMillis() > giveUpAt) return Future.failedFuture(failure);
      Promise<Message<JsonObject>> retried = Promise.promise();
      context.owner().setTimer(RETRY_EVERY_MS, id -> send(command, giveUpAt, context, departures).onComplete(retried));
      return retried.future();
    });
  }

  public Future<JsonObject> request(CommandType type) {
    return request(type, new JsonObject());
  }
}
