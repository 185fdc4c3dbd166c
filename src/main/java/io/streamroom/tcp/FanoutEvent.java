package io.streamroom.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.streamroom.chat.EventType;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * One channel event on its way to the TCP users of a node, with its renderings: each protocol's form (and
 * each variant of it, such as IRC with or without tags) is made the first time a member asks for it and
 * then shared by every member that wants the same, whatever event loop they are on.
 */
public final class FanoutEvent {
  /** The telnet line's slot. */
  public static final int TELNET = 0;
  /** IRC's variants take the slots from here on. */
  public static final int IRC_FIRST = 1;
  /** Room for telnet and every IRC variant. */
  static final int SLOTS = 32;
  /** Stands for "this protocol shows nothing for the event", so it is not rendered again. */
  private static final ByteBuf NOTHING = Unpooled.EMPTY_BUFFER;

  private final JsonObject json;
  private final EventType type;
  // Read once here rather than from the JSON for every member: members consult them on every delivery.
  private final String user;
  private final String from;
  private final Long action;
  private final AtomicReferenceArray<ByteBuf> rendered = new AtomicReferenceArray<>(SLOTS);

  FanoutEvent(JsonObject json) {
    this.json = json;
    this.type = EventType.of(json.getString("type"));
    this.user = json.getString("user");
    this.from = json.getString("from");
    this.action = json.getLong("action");
  }

  /** Read only: members on several loops share it. */
  public JsonObject json() {
    return json;
  }

  public EventType type() {
    return type;
  }

  /** Who the event is about (who joined, left, was banned...), or null. */
  public String user() {
    return user;
  }

  /** Who sent a message or renamed, or null. */
  public String from() {
    return from;
  }

  /** The id every channel's copy of one user's action shares (see ChatEvents.publishToEach), or null. */
  public Long action() {
    return action;
  }

  /**
   * The event as {@code render} shows it, rendered at most once per slot in the usual case (two loops
   * asking at the same moment may both render; either result is the same).
   * Members only read its bytes, never its indexes ({@link LineConnection#send(ByteBuf)}), so loops share it.
   * @return null when the protocol shows nothing for this event
   */
  public ByteBuf rendered(int slot, Function<JsonObject, Buffer> render) {
    ByteBuf known = rendered.get(slot);
    if (known == null) {
      Buffer made = render.apply(json);
      known = made == null ? NOTHING : ((BufferInternal) made).getByteBuf();
      rendered.compareAndSet(slot, null, known);
    }
    return known == NOTHING ? null : known;
  }
}
