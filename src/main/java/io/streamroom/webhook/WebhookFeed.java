package io.streamroom.webhook;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How webhooks see chat events without the chat calling them: an outbound interceptor on this node's event
 * bus notices each channel and server-wide event as the chat service publishes it, and hands a copy to the
 * webhook verticle's own event loop. Events originate once, on the node that runs the chat service, so in a
 * cluster that node alone sends them.
 *
 * <p>On the publishing thread (the chat service's loop) this costs an address check per bus message, and for
 * an event some hook wants a copy and a hand-off; nothing waits. At most {@link #MAX_WAITING} events wait for
 * the webhook loop; past that they are dropped and counted (one WARN per burst).
 */
final class WebhookFeed {
  private static final Logger log = LoggerFactory.getLogger(WebhookFeed.class);
  /** Events handed over and not yet taken: far more than a second's chat, bounded if the webhook loop stalls. */
  static final int MAX_WAITING = 10_000;

  /** What the webhook verticle does with an event, on its own loop. */
  interface Receiver {
    void receive(WebhookEvent type, JsonObject payload);
  }

  private final EventBus bus;
  private final Context context;
  private final Receiver receiver;
  private final Handler<DeliveryContext<Object>> interceptor = this::intercept;
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicBoolean dropping = new AtomicBoolean();
  /** Set by the webhook verticle when its hooks change: with no hook, nothing is even copied. */
  private volatile boolean anyHook;
  private volatile boolean anyWantsMessages;

  WebhookFeed(EventBus bus, Context context, Receiver receiver) {
    this.bus = bus;
    this.context = context;
    this.receiver = receiver;
  }

  void install() {
    bus.addOutboundInterceptor(interceptor);
  }

  void uninstall() {
    bus.removeOutboundInterceptor(interceptor);
  }

  void wanted(boolean anyHook, boolean anyWantsMessages) {
    this.anyHook = anyHook;
    this.anyWantsMessages = anyWantsMessages;
  }

  long dropped() {
    return dropped.get();
  }

  private void intercept(DeliveryContext<Object> delivery) {
    try {
      if (anyHook && !delivery.send() && WebhookEvent.watched(delivery.message().address())
          && delivery.body() instanceof JsonObject event) {
        observe(delivery.message().address(), event);
      }
    } finally {
      delivery.next();
    }
  }

  private void observe(String address, JsonObject event) {
    WebhookEvent type = WebhookEvent.of(address, event);
    if (type == null || type == WebhookEvent.MESSAGE_SENT && !anyWantsMessages) return;
    if (waiting.incrementAndGet() > MAX_WAITING) {
      waiting.decrementAndGet();
      dropped.incrementAndGet();
      if (dropping.compareAndSet(false, true)) log.warn("Webhooks are behind: {} events wait; new ones are dropped", MAX_WAITING);
      return;
    }
    JsonObject payload = type.payload(event); // a copy: the chat's object goes on to its consumers untouched
    context.runOnContext(v -> {
      if (waiting.decrementAndGet() == 0 && dropping.compareAndSet(true, false)) {
        log.warn("Webhooks caught up; {} events were dropped in all", dropped.get());
      }
      receiver.receive(type, payload);
    });
  }
}
