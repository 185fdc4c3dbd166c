package io.streamroom.store;

import io.vertx.sqlclient.Pool;

/** The chat service's SQL, one class per concern, all on one pool. */
public record Stores(ChatStore chat, ModerationStore moderation, DirectStore direct, LiveStore live) {
  public static Stores on(Pool pool) {
    return new Stores(new ChatStore(pool), new ModerationStore(pool), new DirectStore(pool), new LiveStore(pool));
  }
}
