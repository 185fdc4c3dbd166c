package io.streamroom.chat;

import io.streamroom.store.ChatStore.NewMessage;
import io.streamroom.store.ChatStore.StoredMessage;
import io.streamroom.store.DirectStore;
import io.streamroom.store.DirectStore.DirectMessage;
import io.streamroom.store.DirectStore.StoredKey;
import io.streamroom.store.MessageWriters;
import io.streamroom.connlog.ConnectionEvent;
import io.streamroom.media.Media;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * End-to-end encrypted direct messages and conversations. The server checks that a message carries one
 * envelope for every live device of the recipient and of the sender (the sending one included), stores the envelopes
 * as they are (ciphertext only) and relays them; it never has a key that opens them.
 */
final class DirectMessages {
  /** Base64 of a 12-byte AES-GCM nonce. */
  private static final Pattern IV = Pattern.compile("[A-Za-z0-9+/_-]{16}");
  /** Base64 of up to 2,000 characters of text (6,000 bytes of UTF-8 at most) plus the 16-byte tag, with room to spare. */
  private static final int MAX_DATA_CHARS = 12_000;
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/_-]+={0,2}");
  /** Most messages one page of a conversation holds. */
  private static final int MAX_PAGE = 100;

  private final MessageWriters writer;
  private final DirectStore store;
  private final DeviceKeys keys;
  private final Presence presence;
  private final RateLimits limits;
  private final ChatEvents events;
  private final Recordings recordings;

  DirectMessages(MessageWriters writer, DirectStore store, DeviceKeys keys, Presence presence, RateLimits limits, ChatEvents events,
      Recordings recordings) {
    this.recordings = recordings;
    this.writer = writer;
    this.store = store;
    this.keys = keys;
    this.presence = presence;
    this.limits = limits;
    this.events = events;
  }

  Future<JsonObject> dm(Session session, JsonObject args) {
    DeviceKeys.requireAccount(session);
    String to = Names.nick(Args.string(args, "to", null));
    long senderDevice = Args.number(args, "device", 0);
    JsonArray envelopes = envelopes(args.getValue("envelopes"));
    String key = Names.messageKey(Args.string(args, "key", null));
    limits.checkMessage(session, false);
    Future<Media> recording = recordings.claim(session, Args.string(args, "media", null), true);
    return Future.all(keys.liveKeys(to), keys.liveKeys(session.name), recording).compose(both -> {
      List<StoredKey> theirs = both.resultAt(0);
      List<StoredKey> mine = both.resultAt(1);
      if (theirs.isEmpty()) throw new ChatException(ErrorCode.NO_KEYS, to + " has no device keys yet: they need to sign in on the web page once.");
      if (mine.stream().noneMatch(k -> k.id() == senderDevice)) {
        throw new ChatException(ErrorCode.DEVICES_CHANGED, "This device's key is not published (or was revoked): publish it again.");
      }
      Set<Long> expected = new HashSet<>();
      theirs.forEach(k -> expected.add(k.id()));
      mine.forEach(k -> expected.add(k.id())); // the sending device too: it reads its own history like any other
      Set<Long> given = new HashSet<>();
      envelopes.forEach(e -> given.add(((JsonObject) e).getLong("device")));
      if (!given.equals(expected) || given.size() != envelopes.size()) throw new ChatException(ErrorCode.DEVICES_CHANGED);
      String recipient = theirs.get(0).owner();
      String body = new JsonObject().put("envelopes", envelopes).encode();
      Media media = both.resultAt(2);
      Promise<Void> relayed = Promise.promise();
      // The recording (encrypted in the browser) is attached before the message is relayed, so its link opens.
      Future<StoredMessage> written = writer.write(new NewMessage(null, session.name, recipient, body, key, senderDevice), stored ->
          recordings.attach(media, session.name, stored.id()).otherwise(false).onComplete(attached -> {
            JsonObject event = new JsonObject().put("type", EventType.DM.wire()).put("id", stored.id()).put("from", session.name)
                .put("to", recipient).put("device", senderDevice).put("envelopes", envelopes)
                .put("at", stored.created().toInstant().toEpochMilli());
            if (attached.result()) event.put("media", media.id().toString());
            events.record(ConnectionEvent.MESSAGE_SENT, session.source, session.name + " to " + recipient
                + " (end-to-end encrypted), message " + stored.id());
            presence.sessionsOf(recipient).forEach(s -> events.toSession(s, event));
            presence.sessionsOf(session.name).forEach(s -> events.toSession(s, event));
            relayed.complete();
          }));
      return Messages.confirmed(written)
          .compose(stored -> media == null || stored.repeat() ? Future.succeededFuture(stored) : relayed.future().map(stored))
          .map(stored -> new JsonObject().put("id", stored.id()).put("to", recipient)
              .put("at", stored.created().toInstant().toEpochMilli()).put("repeat", stored.repeat()));
    });
  }

  /** Only {device, iv, data} of each envelope are kept: nothing else a client adds is stored. */
  private static JsonArray envelopes(Object raw) {
    if (!(raw instanceof JsonArray list) || list.isEmpty() || list.size() > 2 * DeviceKeys.MAX_DEVICES) {
      throw new ChatException(ErrorCode.BAD_REQUEST, "envelopes must be a list of 1-" + 2 * DeviceKeys.MAX_DEVICES + " {device, iv, data}.");
    }
    JsonArray out = new JsonArray();
    for (Object item : list) {
      if (!(item instanceof JsonObject e)) throw new ChatException(ErrorCode.BAD_REQUEST, "Each envelope is an object {device, iv, data}.");
      long device = Args.number(e, "device", 0);
      String iv = Args.string(e, "iv", "");
      String data = Args.string(e, "data", "");
      if (device < 1 || !IV.matcher(iv).matches() || data.isEmpty() || data.length() > MAX_DATA_CHARS || !BASE64.matcher(data).matches()) {
        throw new ChatException(ErrorCode.BAD_REQUEST, "An envelope is {device: key id, iv: 12 bytes in base64, data: base64 ciphertext of at most "
            + MAX_DATA_CHARS + " characters}.");
      }
      out.add(new JsonObject().put("device", device).put("iv", iv).put("data", data));
    }
    return out;
  }

  Future<JsonObject> conversations(Session session, JsonObject args) {
    return store.conversations(session.name, MAX_PAGE).map(list -> new JsonObject().put("conversations", new JsonArray(list)));
  }

  /** Private messages with one person, newest first: plain ones with their text, encrypted ones with their envelopes. */
  Future<JsonObject> conversation(Session session, JsonObject args) {
    String with = Names.nick(Args.string(args, "with", null));
    long limit = Args.number(args, "limit", 50);
    if (limit < 1 || limit > MAX_PAGE) throw new ChatException(ErrorCode.BAD_REQUEST, "A page is 1-" + MAX_PAGE + " messages.");
    long before = Args.number(args, "before", Long.MAX_VALUE);
    return store.conversation(session.name, with, before, (int) limit).map(messages -> {
      JsonArray out = new JsonArray();
      messages.forEach(m -> out.add(describe(m)));
      return new JsonObject().put("with", with).put("messages", out);
    });
  }

  private static JsonObject describe(DirectMessage m) {
    JsonObject out = new JsonObject().put("id", m.id()).put("from", m.sender()).put("to", m.recipient())
        .put("at", m.created().toInstant().toEpochMilli()).put("encrypted", m.senderDevice() != null);
    if (m.senderDevice() == null) return out.put("text", m.body());
    return out.put("device", m.senderDevice()).put("envelopes", new JsonObject(m.body()).getJsonArray("envelopes"));
  }
}
