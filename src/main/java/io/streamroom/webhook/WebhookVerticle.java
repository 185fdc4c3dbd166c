package io.streamroom.webhook;

import io.streamroom.chat.Addresses;
import io.streamroom.chat.ChatException;
import io.streamroom.chat.ErrorCode;
import io.streamroom.config.Config;
import io.streamroom.config.Setting;
import io.streamroom.store.WebhookStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Webhooks: the hooks of STREAMROOM_WEBHOOKS and those stored from the admin page, each with its
 * {@link HookDelivery}; chat events arrive through the {@link WebhookFeed}. It also answers the admin
 * commands the chat service forwards (list, add, remove) and reloads the stored hooks when any node changed them.
 */
public final class WebhookVerticle extends VerticleBase {
  private static final Logger log = LoggerFactory.getLogger(WebhookVerticle.class);
  private static final int CONNECT_TIMEOUT_MILLIS = 5000;

  private final Config config;
  private final WebhookStore store;
  private final Map<String, HookDelivery> deliveries = new LinkedHashMap<>();
  private List<Hook> configured;
  private WebClient client;
  private WebhookFeed feed;

  public WebhookVerticle(Config config, WebhookStore store) {
    this.config = config;
    this.store = store;
  }

  @Override
  public Future<?> start() {
    configured = HookSetting.parse(config.string(Setting.WEBHOOKS)); // a bad setting fails start-up, naming it
    client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(CONNECT_TIMEOUT_MILLIS)
        .setUserAgentEnabled(false).setFollowRedirects(false));
    feed = new WebhookFeed(vertx.eventBus(), context, this::receive);
    feed.install();
    EventBus bus = vertx.eventBus();
    bus.<JsonObject>localConsumer(Addresses.WEBHOOKS_LIST, m -> m.reply(list()));
    bus.<JsonObject>localConsumer(Addresses.WEBHOOKS_ADD, this::add);
    bus.<JsonObject>localConsumer(Addresses.WEBHOOKS_REMOVE, this::remove);
    bus.consumer(Addresses.WEBHOOKS_CHANGED, m -> reload());
    return reload();
  }

  @Override
  public Future<?> stop() {
    feed.uninstall();
    deliveries.values().forEach(HookDelivery::close);
    client.close();
    return Future.succeededFuture();
  }

  /** On this verticle's loop: the same body for every hook that wants the event. */
  private void receive(WebhookEvent type, JsonObject payload) {
    Buffer body = payload.toBuffer();
    for (HookDelivery delivery : deliveries.values()) {
      if (type != WebhookEvent.MESSAGE_SENT || delivery.hook.messages()) delivery.offer(type, body);
    }
  }

  /** The configured hooks and the stored ones; a hook that did not change keeps its queue and state. */
  private Future<Void> reload() {
    return store.list().map(stored -> {
      List<Hook> hooks = new ArrayList<>(configured);
      stored.forEach(s -> hooks.add(new Hook(String.valueOf(s.id()), s.id(), s.url(), s.secret(), s.messages())));
      apply(hooks);
      return (Void) null;
    }).recover(e -> {
      log.warn("Could not read the stored webhooks ({}); sending to the configured ones", e.toString());
      if (deliveries.isEmpty()) apply(configured);
      return Future.succeededFuture();
    });
  }

  private void apply(List<Hook> hooks) {
    Map<String, HookDelivery> before = new LinkedHashMap<>(deliveries);
    deliveries.clear();
    for (Hook hook : hooks) {
      HookDelivery kept = before.remove(hook.key());
      deliveries.put(hook.key(), kept != null && kept.hook.equals(hook) ? kept : new HookDelivery(vertx, client, hook));
      if (kept != null && !kept.hook.equals(hook)) kept.close();
    }
    before.values().forEach(HookDelivery::close);
    feed.wanted(!deliveries.isEmpty(), deliveries.values().stream().anyMatch(d -> d.hook.messages()));
  }

  private JsonObject list() {
    JsonArray hooks = new JsonArray();
    deliveries.values().forEach(d -> hooks.add(d.state()));
    return new JsonObject().put("hooks", hooks).put("feedDropped", feed.dropped());
  }

  /** {url, secret?, messages, by}: stored, then every node reloads; answers the hook with its secret, once. */
  private void add(Message<JsonObject> m) {
    String url = m.body().getString("url");
    String secret = m.body().getString("secret");
    String problem = Hook.urlProblem(url);
    if (problem == null && secret != null) problem = Hook.secretProblem(secret);
    if (problem != null) {
      m.reply(refusal(ErrorCode.BAD_REQUEST, problem.substring(0, 1).toUpperCase() + problem.substring(1) + "."));
      return;
    }
    String signing = secret == null ? Hook.newSecret() : secret;
    boolean messages = m.body().getBoolean("messages", false);
    store.add(url, signing, messages, m.body().getString("by")).onComplete(added -> {
      if (added.failed()) {
        m.reply(refusal(ErrorCode.INTERNAL, ErrorCode.INTERNAL.defaultMessage()));
        return;
      }
      log.info("{} added webhook {} ({})", m.body().getString("by"), added.result(), url);
      changed().onComplete(v -> m.reply(new JsonObject().put("id", added.result()).put("url", url).put("messages", messages)
          .put("secret", signing)));
    });
  }

  private void remove(Message<JsonObject> m) {
    long id = m.body().getLong("id");
    store.remove(id).onComplete(removed -> {
      if (removed.failed()) {
        m.reply(refusal(ErrorCode.INTERNAL, ErrorCode.INTERNAL.defaultMessage()));
      } else if (!removed.result()) {
        m.reply(refusal(ErrorCode.NO_SUCH_WEBHOOK, "No stored webhook " + id + " (those of STREAMROOM_WEBHOOKS are removed there)."));
      } else {
        changed().onComplete(v -> m.reply(new JsonObject().put("id", id)));
      }
    });
  }

  /** In force here before the answer (so the next event goes to it), then on every other node. */
  private Future<Void> changed() {
    return reload().andThen(v -> vertx.eventBus().publish(Addresses.WEBHOOKS_CHANGED, new JsonObject()));
  }

  private static JsonObject refusal(ErrorCode code, String message) {
    return new ChatException(code, message).toReply();
  }
}
