package io.streamroom.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every SQL statement of direct messages: the public-key directory, and conversations between two people. */
public final class DirectStore {
  private static final String KEY_COLUMNS =
      "k.id, u.name, k.device, k.public_key, k.fingerprint, k.created, k.revoked";
  private static final String LIVE_KEYS = "SELECT " + KEY_COLUMNS + " FROM device_keys k JOIN users u ON u.id = k.user_id "
      + "WHERE lower(u.name) = lower($1) AND k.revoked IS NULL ORDER BY k.id";
  private static final String KEY = "SELECT " + KEY_COLUMNS + " FROM device_keys k JOIN users u ON u.id = k.user_id WHERE k.id = $1";
  private static final String LOCK_OWNER = "SELECT id FROM users WHERE lower(name) = lower($1) FOR UPDATE";
  private static final String LIVE_DEVICE_KEY = "SELECT " + KEY_COLUMNS + " FROM device_keys k JOIN users u ON u.id = k.user_id "
      + "WHERE k.user_id = $1 AND k.device = $2 AND k.revoked IS NULL";
  private static final String REVOKE_DEVICE = "UPDATE device_keys SET revoked = now() WHERE user_id = $1 AND device = $2 AND revoked IS NULL";
  private static final String COUNT_LIVE = "SELECT count(*) AS n FROM device_keys WHERE user_id = $1 AND revoked IS NULL";
  private static final String INSERT_KEY = "INSERT INTO device_keys (user_id, device, public_key, fingerprint) "
      + "VALUES ($1, $2, $3, $4) RETURNING id, created";
  private static final String REVOKE_KEY = "UPDATE device_keys SET revoked = now() WHERE id = $1 "
      + "AND user_id = (SELECT id FROM users WHERE lower(name) = lower($2)) AND revoked IS NULL";
  private static final String PARTNERS = "SELECT DISTINCT CASE WHEN lower(sender) = lower($1) THEN recipient ELSE sender END AS partner "
      + "FROM messages WHERE recipient IS NOT NULL AND (lower(sender) = lower($1) OR lower(recipient) = lower($1))";
  private static final String CONVERSATIONS =
      "SELECT CASE WHEN lower(sender) = lower($1) THEN recipient ELSE sender END AS partner, max(id) AS last_id, max(created) AS last_at "
          + "FROM messages WHERE recipient IS NOT NULL AND deleted_at IS NULL AND (lower(sender) = lower($1) OR lower(recipient) = lower($1)) "
          + "GROUP BY 1 ORDER BY 2 DESC LIMIT $2";
  /** Written with least/greatest so it uses the index messages_conversation. */
  private static final String CONVERSATION = "SELECT id, sender, recipient, body, sender_device, created FROM messages "
      + "WHERE recipient IS NOT NULL AND least(lower(sender), lower(recipient)) = least(lower($1), lower($2)) "
      + "AND greatest(lower(sender), lower(recipient)) = greatest(lower($1), lower($2)) AND id < $3 AND deleted_at IS NULL "
      + "ORDER BY id DESC LIMIT $4";

  private final Pool pool;

  public DirectStore(Pool pool) {
    this.pool = pool;
  }

  /** A published key; {@code revoked} is null while the device uses it; {@code fresh} when this publish added it. */
  public record StoredKey(long id, String owner, String device, JsonObject publicKey, String fingerprint,
                          OffsetDateTime created, OffsetDateTime revoked, boolean fresh) {}

  /** A private message: {@code senderDevice} set means end-to-end encrypted (the body is its envelopes). */
  public record DirectMessage(long id, String sender, String recipient, String body, Long senderDevice, OffsetDateTime created) {}

  public Future<List<StoredKey>> liveKeys(String owner) {
    return pool.preparedQuery(LIVE_KEYS).execute(Tuple.of(owner)).map(rows -> {
      List<StoredKey> out = new ArrayList<>(rows.size());
      for (Row r : rows) out.add(key(r));
      return out;
    });
  }

  /** A key by id, revoked or not: older messages name the key they were made with. */
  public Future<Optional<StoredKey>> key(long id) {
    return pool.preparedQuery(KEY).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(key(rows.iterator().next())));
  }

  /**
   * Publishes a device's key in one transaction: the same key again changes nothing (a page publishes at
   * every sign-in); otherwise the device's previous key is revoked, and the new one is stored unless the
   * account would have more than {@code maxDevices} live keys. The account row is locked so that two
   * devices publishing at once cannot both pass the count.
   * @return the stored key, or empty when the account has too many devices
   */
  public Future<Optional<StoredKey>> publish(String owner, String device, JsonObject publicKey, String fingerprint, int maxDevices) {
    return pool.withTransaction(sql -> sql.preparedQuery(LOCK_OWNER).execute(Tuple.of(owner)).compose(users -> {
      if (users.size() == 0) return Future.succeededFuture(Optional.<StoredKey>empty());
      long userId = users.iterator().next().getLong("id");
      return sql.preparedQuery(LIVE_DEVICE_KEY).execute(Tuple.of(userId, device)).compose(live -> {
        if (live.size() == 1 && fingerprint.equals(live.iterator().next().getString("fingerprint"))) {
          return Future.succeededFuture(Optional.of(key(live.iterator().next())));
        }
        return replace(sql, userId, owner, device, publicKey, fingerprint, maxDevices);
      });
    }));
  }

  private Future<Optional<StoredKey>> replace(io.vertx.sqlclient.SqlConnection sql, long userId, String owner, String device,
      JsonObject publicKey, String fingerprint, int maxDevices) {
    return sql.preparedQuery(REVOKE_DEVICE).execute(Tuple.of(userId, device))
          .compose(v -> sql.preparedQuery(COUNT_LIVE).execute(Tuple.of(userId)))
          .compose(count -> {
            if (count.iterator().next().getLong("n") >= maxDevices) {
              return Future.failedFuture(new TooManyDevices()); // rolls back the revocation
            }
            return sql.preparedQuery(INSERT_KEY).execute(Tuple.of(userId, device, publicKey, fingerprint))
                .map(rows -> {
                  Row r = rows.iterator().next();
                  return Optional.of(new StoredKey(r.getLong("id"), owner, device, publicKey, fingerprint,
                      r.getOffsetDateTime("created"), null, true));
                });
          });
  }

  /** The account already has as many live keys as it may. */
  public static final class TooManyDevices extends RuntimeException {
    TooManyDevices() {
      super("too many devices", null, false, false);
    }
  }

  /** @return false when the key is not the owner's, or revoked already */
  public Future<Boolean> revoke(long id, String owner) {
    return pool.preparedQuery(REVOKE_KEY).execute(Tuple.of(id, owner)).map(rows -> rows.rowCount() == 1);
  }

  /** Everyone {@code name} has exchanged private messages with. */
  public Future<List<String>> partners(String name) {
    return pool.preparedQuery(PARTNERS).execute(Tuple.of(name)).map(rows -> {
      List<String> out = new ArrayList<>(rows.size());
      for (Row r : rows) out.add(r.getString("partner"));
      return out;
    });
  }

  /** The partners of {@code name}'s conversations with their newest message id and time, most recent first. */
  public Future<List<JsonObject>> conversations(String name, int limit) {
    return pool.preparedQuery(CONVERSATIONS).execute(Tuple.of(name, limit)).map(rows -> {
      List<JsonObject> out = new ArrayList<>(rows.size());
      for (Row r : rows) {
        out.add(new JsonObject().put("name", r.getString("partner")).put("lastId", r.getLong("last_id"))
            .put("lastAt", r.getOffsetDateTime("last_at").toInstant().toEpochMilli()));
      }
      return out;
    });
  }

  /** Up to {@code limit} private messages between the two older than {@code beforeId}, newest first. */
  public Future<List<DirectMessage>> conversation(String a, String b, long beforeId, int limit) {
    return pool.preparedQuery(CONVERSATION).execute(Tuple.of(a, b, beforeId, limit)).map(rows -> {
      List<DirectMessage> out = new ArrayList<>(rows.size());
      for (Row r : rows) {
        out.add(new DirectMessage(r.getLong("id"), r.getString("sender"), r.getString("recipient"), r.getString("body"),
            r.getLong("sender_device"), r.getOffsetDateTime("created")));
      }
      return out;
    });
  }

  private static StoredKey key(Row r) {
    return new StoredKey(r.getLong("id"), r.getString("name"), r.getString("device"), r.getJsonObject("public_key"),
        r.getString("fingerprint"), r.getOffsetDateTime("created"), r.getOffsetDateTime("revoked"), false);
  }
}
