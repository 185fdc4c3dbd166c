package io.streamroom.store;

import io.streamroom.media.Media;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Every SQL statement of the chat service, and nothing else. */
public final class ChatStore {
  private static final String FIND_USER =
      "SELECT name, password_hash, role FROM users WHERE lower(name) = lower($1)";
  private static final String INSERT_USER =
      "INSERT INTO users (name, password_hash, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING id";
  private static final String SET_ROLE = "UPDATE users SET role = $2 WHERE lower(name) = lower($1)";
  private static final String ADMIN_NAMES = "SELECT name FROM users WHERE role = 'admin' ORDER BY lower(name)";
  private static final String ACCOUNTS = "SELECT name, role, created FROM users ORDER BY lower(name) LIMIT $1";
  private static final String CHANNEL_COLUMNS = "c.id, c.name, c.topic, c.registered_only, c.slow_seconds, "
      + "c.cleared_through, (SELECT u.name FROM users u WHERE u.id = c.owner_id) AS owner, c.created, c.topic_by, c.topic_at, "
      + "c.channel_key, c.user_limit, c.invite_only, c.secret, c.moderated, c.no_external, c.topic_lock";
  /** A deleted channel keeps its row; its name is free again (see the partial index channels_live_name). */
  private static final String CREATE_CHANNEL =
      "INSERT INTO channels (name, topic, owner_id, registered_only) "
          + "VALUES ($1, $2, (SELECT id FROM users WHERE lower(name) = lower($3)), $4) "
          + "ON CONFLICT (name) WHERE deleted_at IS NULL DO NOTHING";
  private static final String FIND_CHANNEL =
      "SELECT " + CHANNEL_COLUMNS + " FROM channels c WHERE c.name = $1 AND c.deleted_at IS NULL";
  private static final String CHANNELS =
      "SELECT " + CHANNEL_COLUMNS + " FROM channels c WHERE c.deleted_at IS NULL ORDER BY c.name";
  private static final String SET_REGISTERED_ONLY = "UPDATE channels SET registered_only = $2 WHERE id = $1";
  private static final String SET_MODES = "UPDATE channels SET channel_key = $2, user_limit = $3, invite_only = $4, "
      + "secret = $5, moderated = $6, no_external = $7, topic_lock = $8 WHERE id = $1";
  /** An unowned channel that emptied: its rules go, as an IRC channel's do (see Channels#emptied). */
  private static final String FORGET_RULES = "UPDATE channels SET topic = '', topic_by = NULL, topic_at = NULL, "
      + "slow_seconds = 0, channel_key = NULL, user_limit = 0, invite_only = false, secret = false, moderated = false, "
      + "no_external = true, topic_lock = true WHERE id = $1";
  private static final String FORGET_SANCTIONS = "DELETE FROM sanctions WHERE channel_id = $1";
  private static final String LAST_MESSAGE_ID = "SELECT coalesce(max(id), 0) AS id FROM messages";
  /** Deleted messages, and those up to the channel's last /clear, are never shown again. */
  private static final String HISTORY = "SELECT m.id, m.sender, m.body, m.created, md.id AS media_id, md.kind AS media_kind, "
      + "md.duration_ms AS media_duration FROM messages m LEFT JOIN media md ON md.message_id = m.id AND md.deleted_at IS NULL "
      + "WHERE m.channel_id = $1 AND m.id < $2 AND m.id > $3 AND m.deleted_at IS NULL ORDER BY m.id DESC LIMIT $4";

  private final Pool pool;

  public ChatStore(Pool pool) {
    this.pool = pool;
  }

  public record Account(String name, String passwordHash, boolean admin) {}

  /**
   * {@code key} is chosen before the write and unique per sender: a retry with the same key is not a copy.
   * {@code senderDevice} is set for an end-to-end encrypted message, whose body is only its envelopes.
   */
  public record NewMessage(Long channelId, String sender, String recipient, String body, String key, Long senderDevice) {
    public NewMessage(Long channelId, String sender, String recipient, String body, String key) {
      this(channelId, sender, recipient, body, key, null);
    }
  }

  /** {@code repeat} is true when the key was stored before: the message exists once, from an earlier write. */
  public record StoredMessage(long id, String sender, String body, OffsetDateTime created, boolean repeat, MediaRef media) {
    public StoredMessage(long id, String sender, String body, OffsetDateTime created, boolean repeat) {
      this(id, sender, body, created, repeat, null);
    }
  }

  /** The voice or video message a stored message carries. */
  public record MediaRef(String id, String kind, long durationMs) {
    public JsonObject toJson() {
      return new JsonObject().put("id", id).put("url", Media.urlOf(id)).put("kind", kind).put("durationMs", durationMs);
    }
  }

  public Future<Optional<Account>> findAccount(String name) {
    return pool.preparedQuery(FIND_USER).execute(Tuple.of(name)).map(rows -> {
      if (rows.size() == 0) return Optional.empty();
      Row r = rows.iterator().next();
      return Optional.of(new Account(r.getString("name"), r.getString("password_hash"), "admin".equals(r.getString("role"))));
    });
  }

  /** @return false when the name is already an account */
  public Future<Boolean> createAccount(String name, String passwordHash, boolean admin) {
    return pool.preparedQuery(INSERT_USER).execute(Tuple.of(name, passwordHash, admin ? "admin" : "user"))
        .map(rows -> rows.size() == 1);
  }

  /** @return false when there is no such account */
  public Future<Boolean> setAdmin(String name, boolean admin) {
    return pool.preparedQuery(SET_ROLE).execute(Tuple.of(name, admin ? "admin" : "user"))
        .map(rows -> rows.rowCount() == 1);
  }

  /** An account as the admin page lists it. */
  public record AccountSummary(String name, boolean admin, OffsetDateTime created) {}

  /** The first {@code limit} accounts by name. */
  public Future<List<AccountSummary>> accounts(int limit) {
    return pool.preparedQuery(ACCOUNTS).execute(Tuple.of(limit)).map(rows -> {
      List<AccountSummary> out = new ArrayList<>(rows.size());
      for (Row r : rows) out.add(new AccountSummary(r.getString("name"), "admin".equals(r.getString("role")), r.getOffsetDateTime("created")));
      return out;
    });
  }

  public Future<List<String>> adminNames() {
    return pool.query(ADMIN_NAMES).execute().map(rows -> column(rows, "name"));
  }

  /**
   * A channel as stored; {@code owner} is null for channels nobody owns (#lobby, guests' channels);
   * {@code slowSeconds} 0 is no slow mode; messages up to {@code clearedThrough} were cleared.
   */
  public record Channel(long id, String name, String topic, String owner, boolean registeredOnly, int slowSeconds,
                        long clearedThrough, Topic topicSet, long createdSeconds, Modes modes) {
    public Channel withRegisteredOnly(boolean value) {
      return new Channel(id, name, topic, owner, value, slowSeconds, clearedThrough, topicSet, createdSeconds, modes);
    }

    public Channel withTopic(String value, Topic set) {
      return new Channel(id, name, value, owner, registeredOnly, slowSeconds, clearedThrough, set, createdSeconds, modes);
    }

    public Channel withSlowSeconds(int value) {
      return new Channel(id, name, topic, owner, registeredOnly, value, clearedThrough, topicSet, createdSeconds, modes);
    }

    public Channel withClearedThrough(long value) {
      return new Channel(id, name, topic, owner, registeredOnly, slowSeconds, value, topicSet, createdSeconds, modes);
    }

    public Channel withModes(Modes value) {
      return new Channel(id, name, topic, owner, registeredOnly, slowSeconds, clearedThrough, topicSet, createdSeconds, value);
    }

    /** As {@link #FORGET_RULES} leaves it. */
    public Channel forgotten() {
      return new Channel(id, name, "", owner, registeredOnly, 0, clearedThrough, null, createdSeconds, Modes.DEFAULT);
    }
  }

  /** Who set a channel's topic, and when (epoch seconds). */
  public record Topic(String by, long atSeconds) {}

  /**
   * A channel's IRC-style modes: {@code key} null for none, {@code limit} 0 for none; {@code noExternal}: only
   * members send; {@code topicLock}: only moderators set the topic.
   */
  public record Modes(String key, int limit, boolean inviteOnly, boolean secret, boolean moderated, boolean noExternal,
                      boolean topicLock) {
    public static final Modes DEFAULT = new Modes(null, 0, false, false, false, true, true);
  }

  /** @return false when a channel of that name exists already */
  public Future<Boolean> createChannel(String name, String topic, String owner, boolean registeredOnly) {
    return pool.preparedQuery(CREATE_CHANNEL).execute(Tuple.of(name, topic, owner, registeredOnly))
        .map(rows -> rows.rowCount() == 1);
  }

  public Future<Optional<Channel>> findChannel(String name) {
    return pool.preparedQuery(FIND_CHANNEL).execute(Tuple.of(name))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(channel(rows.iterator().next())));
  }

  public Future<List<Channel>> channels() {
    return pool.query(CHANNELS).execute().map(rows -> {
      List<Channel> out = new ArrayList<>(rows.size());
      for (Row r : rows) out.add(channel(r));
      return out;
    });
  }

  public Future<Void> setRegisteredOnly(long channelId, boolean registeredOnly) {
    return pool.preparedQuery(SET_REGISTERED_ONLY).execute(Tuple.of(channelId, registeredOnly)).mapEmpty();
  }

  public Future<Void> setModes(long channelId, Modes m) {
    return pool.preparedQuery(SET_MODES).execute(Tuple.of(channelId, m.key(), m.limit(), m.inviteOnly(), m.secret(),
        m.moderated(), m.noExternal(), m.topicLock())).mapEmpty();
  }

  /** Resets what {@link Channel#forgotten()} resets, and lifts the channel's bans and timeouts. */
  public Future<Void> forgetRules(long channelId) {
    return pool.preparedQuery(FORGET_RULES).execute(Tuple.of(channelId))
        .compose(v -> pool.preparedQuery(FORGET_SANCTIONS).execute(Tuple.of(channelId))).mapEmpty();
  }

  private static Channel channel(Row r) {
    OffsetDateTime topicAt = r.getOffsetDateTime("topic_at");
    Topic topic = topicAt == null ? null : new Topic(r.getString("topic_by"), topicAt.toEpochSecond());
    Modes modes = new Modes(r.getString("channel_key"), r.getInteger("user_limit"), r.getBoolean("invite_only"),
        r.getBoolean("secret"), r.getBoolean("moderated"), r.getBoolean("no_external"), r.getBoolean("topic_lock"));
    return new Channel(r.getLong("id"), r.getString("name"), r.getString("topic"), r.getString("owner"),
        r.getBoolean("registered_only"), r.getInteger("slow_seconds"), r.getLong("cleared_through"), topic,
        r.getOffsetDateTime("created").toEpochSecond(), modes);
  }

  /** A connection of one's own (the message writer pipelines its batches on one). */
  public Future<SqlConnection> connection() {
    return pool.getConnection();
  }

  public Future<Long> lastMessageId() {
    return pool.query(LAST_MESSAGE_ID).execute().map(rows -> rows.iterator().next().getLong("id"));
  }

  /** Up to {@code limit} shown messages of the channel older than {@code beforeId}, newest first. */
  public Future<List<StoredMessage>> history(Channel channel, long beforeId, int limit) {
    return pool.preparedQuery(HISTORY).execute(Tuple.of(channel.id(), beforeId, channel.clearedThrough(), limit)).map(rows -> {
      List<StoredMessage> out = new ArrayList<>(rows.size());
      for (Row r : rows) {
        UUID media = r.getUUID("media_id");
        out.add(new StoredMessage(r.getLong("id"), r.getString("sender"), r.getString("body"), r.getOffsetDateTime("created"), false,
            media == null ? null : new MediaRef(media.toString(), r.getString("media_kind"), r.getLong("media_duration"))));
      }
      return out;
    });
  }

  public Future<Boolean> ping() {
    return pool.query("SELECT 1").execute().map(rows -> true);
  }

  private static List<String> column(RowSet<Row> rows, String name) {
    List<String> out = new ArrayList<>(rows.size());
    for (Row r : rows) out.add(r.getString(name));
    return out;
  }
}
