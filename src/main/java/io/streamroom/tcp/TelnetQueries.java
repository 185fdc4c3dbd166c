package io.streamroom.tcp;

import io.streamroom.chat.Addresses;
import io.streamroom.chat.ChatClient;
import io.streamroom.chat.CommandType;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.function.Supplier;

/** The telnet commands that only show what there is: history, live streams, the video library, a user's keys. */
final class TelnetQueries {
  private final Vertx vertx;
  private final TelnetSession session;
  private final ChatClient chat;
  private final Supplier<String> channel;
  private final String httpBase;

  TelnetQueries(Vertx vertx, TelnetSession session, ChatClient chat, Supplier<String> channel, String httpBase) {
    this.vertx = vertx;
    this.session = session;
    this.chat = chat;
    this.channel = channel;
    this.httpBase = httpBase;
  }

  Future<?> history(int limit) {
    String current = channel.get();
    return chat.request(CommandType.HISTORY, new JsonObject().put("channel", current).put("limit", limit))
        .onSuccess(reply -> {
          JsonArray messages = reply.getJsonArray("messages");
          if (messages.isEmpty()) session.info("No messages in " + current + " yet.");
          for (int i = 0; i < messages.size(); i++) session.sendLine(TelnetRenderer.history(messages.getJsonObject(i), httpBase));
        });
  }

  Future<?> liveStreams() {
    return vertx.eventBus().<JsonObject>request(Addresses.LIVE_LIST, new JsonObject()).onSuccess(reply -> {
      JsonArray streams = reply.body().getJsonArray("streams");
      if (streams.isEmpty()) session.info("Nothing is live right now.");
      for (int i = 0; i < streams.size(); i++) session.info(TelnetRenderer.liveStream(streams.getJsonObject(i), httpBase));
    });
  }

  Future<?> videos() {
    return vertx.eventBus().<JsonObject>request(Addresses.VIDEO_LIST, new JsonObject()).onSuccess(reply -> {
      JsonArray titles = reply.body().getJsonArray("titles");
      if (titles.isEmpty()) session.info("The video library is empty.");
      for (int i = 0; i < titles.size(); i++) session.info(TelnetRenderer.video(titles.getJsonObject(i)));
    });
  }

  Future<?> keys(String nick) {
    return chat.request(CommandType.KEYS, new JsonObject().put("name", nick)).onSuccess(r -> session.info(TelnetRenderer.keys(r)));
  }
}
