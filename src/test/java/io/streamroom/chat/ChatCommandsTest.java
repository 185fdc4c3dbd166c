package io.streamroom.chat;

import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The chat service's contract on the event bus, as any adapter sees it: malformed and unknown commands
 * get stable error codes, and a command is only ever attributed to the session that the adapter opened.
 */
@ExtendWith(VertxExtension.class)
class ChatCommandsTest {
  private static TestApp app;
  private static EventBus bus;

  @BeforeAll
  static void start() {
    app = TestApp.start();
    bus = app.app().vertx().eventBus();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static Future<String> errorOf(Object body, String session) {
    DeliveryOptions options = new DeliveryOptions();
    if (session != null) options.addHeader(Addresses.SESSION_HEADER, session);
    return bus.<JsonObject>request(Addresses.COMMANDS, body, options).map(reply -> reply.body().getString("error"));
  }

  @Test
  void malformedCommandsGetStableErrorCodes(VertxTestContext test) {
    Future.all(
            errorOf("not json", "s1"),
            errorOf(new JsonObject().put("type", "dance"), "s1"),
            errorOf(new JsonObject().put("type", "say").put("channel", "#lobby").put("text", "hi"), null),
            errorOf(new JsonObject().put("type", "connect").put("name", 42), "s2"),
            errorOf(new JsonObject().put("type", "connect").put("name", "no spaces"), "s3"))
        .onComplete(test.succeeding(all -> test.verify(() -> {
          assertEquals("BAD_REQUEST", all.resultAt(0));
          assertEquals("UNKNOWN_COMMAND", all.resultAt(1));
          assertEquals("NOT_CONNECTED", all.resultAt(2));
          assertEquals("BAD_REQUEST", all.resultAt(3)); // a number where a name belongs
          assertEquals("BAD_NICK", all.resultAt(4));
          test.completeNow();
        })));
  }

  @Test
  void aSessionSpeaksOnlyAsItselfWhateverTheBodySays(VertxTestContext test) throws Exception {
    try (TelnetClient watcher = app.user("watcher")) {
      ChatClient mallory = new ChatClient(bus, "mallory-session");
      mallory.request(CommandType.CONNECT, new JsonObject().put("name", "mallory").put("transport", "test"))
          .compose(r -> mallory.request(CommandType.JOIN, new JsonObject().put("channel", "#lobby")))
          .compose(r -> mallory.request(CommandType.SAY, new JsonObject()
              .put("channel", "#lobby").put("text", "I am watcher").put("from", "watcher").put("name", "watcher")))
          .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      assertEquals("mallory: I am watcher", watcher.expect("I am watcher"));
      test.completeNow();
    }
  }

  @Test
  void anotherSessionsIdCannotBeReusedToConnect(VertxTestContext test) {
    ChatClient first = new ChatClient(bus, "shared-id");
    first.request(CommandType.CONNECT, new JsonObject().put("name", "firstuser"))
        .compose(r -> errorOf(new JsonObject().put("type", "connect").put("name", "seconduser"), "shared-id"))
        .onComplete(test.succeeding(code -> test.verify(() -> {
          assertEquals("BAD_REQUEST", code);
          test.completeNow();
        })));
  }
}
