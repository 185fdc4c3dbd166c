package io.streamroom.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every SQL statement of the chat service, and nothing else. */
public final class ChatStore {
  private static final String FIND_USER =
      "SELECT name, password_hash, role FROM users WHERE lower(name) = lower($1)";
  private static final String INSERT_USER =
      "INSERT INTO users (name, password_hash, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING id";
  private static final String SET_ROLE = "UPDATE users SET role = $2 WHERE lower(name) = lower($1)";
  private static final String ADMIN_NAMES = "SELECT name FROM users WHERE role = 'admin' ORDER BY lower(name)";
  private static final String CHANNEL_COLUMNS =
      "c.id, c.name, c.topic, c.registered_only, (SELECT u.name FROM users u WHERE u.id = c.owner_id) AS owner";
  private static final String CREATE_CHANNEL =
      "INSERT INTO channels (name, topic, owner_id, registered_only) "
          + "VALUES ($1, $2, (SELECT id FROM users WHERE lower(name) = lower($3)), $4) ON CONFLICT (name) DO NOTHING";
  private static final String FIND_CHANNEL = "SELECT " + CHANNEL_COLUMNS + " FROM channels c WHERE c.name = $1";
  private static final String CHANNELS = "SELECT " + CHANNEL_COLUMNS + " FROM channels c ORDER BY c.name";
  private static final String SET_REGISTERED_ONLY = "UPDATE channels SET registered_only = $2 WHERE name = $1";
  private static final String INSERT_MESSAGE =
      "INSERT INTO messages (channel_id, sender, recipient, body) VALUES ($1, $2, $3, $4) RETURNING id, created";
  private static final String LAST_MESSAGE_ID = "SELECT coalesce(max(id), 0) AS id FROM messages";
  private static final String HISTORY =
      "SELECT id, sender, body, created FROM messages WHERE channel_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3";

  private final Pool pool;

  public ChatStore(Pool pool) {
    this.pool = pool;
  }

  public record Account(String name, String passwordHash, boolean admin) {}

  public record NewMessage(Long channelId, String sender, String recipient, String body) {}

  public record StoredMessage(long id, String sender, String body, OffsetDateTime created) {}

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

  public Future<List<String>> adminNames() {
    return pool.query(ADMIN_NAMES).execute().map(rows -> column(rows, "name"));
  }

  /** A channel as stored; {@code owner} is null for channels nobody owns (#lobby, guests' channels). */
  public record Channel(long id, String name, String topic, String owner, boolean registeredOnly) {}

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

  public Future<Void> setRegisteredOnly(String name, boolean registeredOnly) {
    return pool.preparedQuery(SET_REGISTERED_ONLY).execute(Tuple.of(name, registeredOnly)).mapEmpty();
  }

  private static Channel channel(Row r) {
    return new Channel(r.getLong("id"), r.getString("name"), r.getString("topic"), r.getString("owner"),
        r.getBoolean("registered_only"));
  }

  /** Inserts in one round trip; the results are in the order of {@code batch}. */
  public Future<List<StoredMessage>> insertMessages(List<NewMessage> batch) {
    List<Tuple> tuples = new ArrayList<>(batch.size());
    for (NewMessage m : batch) tuples.add(Tuple.of(m.channelId(), m.sender(), m.recipient(), m.body()));
    return pool.preparedQuery(INSERT_MESSAGE).executeBatch(tuples).map(first -> {
      List<StoredMessage> stored = new ArrayList<>(batch.size());
      RowSet<Row> rows = first;
      for (NewMessage m : batch) {
        Row r = rows.iterator().next();
        stored.add(new StoredMessage(r.getLong("id"), m.sender(), m.body(), r.getOffsetDateTime("created")));
        rows = rows.next();
      }
      return stored;
    });
  }

  public Future<Long> lastMessageId() {
    return pool.query(LAST_MESSAGE_ID).execute().map(rows -> rows.iterator().next().getLong("id"));
  }

  /** Up to {@code limit} messages older than {@code beforeId}, newest first. */
  public Future<List<StoredMessage>> history(long channelId, long beforeId, int limit) {
    return pool.preparedQuery(HISTORY).execute(Tuple.of(channelId, beforeId, limit)).map(rows -> {
      List<StoredMessage> out = new ArrayList<>(rows.size());
      for (Row r : rows) {
        out.add(new StoredMessage(r.getLong("id"), r.getString("sender"), r.getString("body"), r.getOffsetDateTime("created")));
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
