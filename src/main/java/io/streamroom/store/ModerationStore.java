package io.streamroom.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every SQL statement of moderation: moderators, bans and timeouts, deleted messages, channel controls. */
public final class ModerationStore {
  private static final String MODERATORS =
      "SELECT m.channel_id, u.name FROM channel_moderators m JOIN users u ON u.id = m.user_id "
          + "JOIN channels c ON c.id = m.channel_id WHERE c.deleted_at IS NULL";
  private static final String ADD_MODERATOR =
      "INSERT INTO channel_moderators (channel_id, user_id, appointed_by) "
          + "SELECT $1, id, $3 FROM users WHERE lower(name) = lower($2) ON CONFLICT DO NOTHING";
  private static final String REMOVE_MODERATOR =
      "DELETE FROM channel_moderators WHERE channel_id = $1 AND user_id = (SELECT id FROM users WHERE lower(name) = lower($2))";
  private static final String FORGET_EXPIRED = "DELETE FROM sanctions WHERE expires <= now()";
  private static final String SANCTIONS =
      "SELECT s.kind, s.channel_id, s.target, s.address, s.reason, s.by_name, s.expires FROM sanctions s "
          + "LEFT JOIN channels c ON c.id = s.channel_id WHERE s.channel_id IS NULL OR c.deleted_at IS NULL";
  /** A second sanction of a kind for the same target and channel replaces the first (a longer timeout, a new reason). */
  private static final String PUT_SANCTION =
      "INSERT INTO sanctions (kind, channel_id, target, address, reason, by_name, expires) VALUES ($1, $2, $3, $4, $5, $6, $7) "
          + "ON CONFLICT (kind, coalesce(channel_id, 0), lower(target)) DO UPDATE SET target = EXCLUDED.target, "
          + "address = EXCLUDED.address, reason = EXCLUDED.reason, by_name = EXCLUDED.by_name, created = now(), "
          + "expires = EXCLUDED.expires";
  private static final String REMOVE_SANCTION =
      "DELETE FROM sanctions WHERE kind = $1 AND coalesce(channel_id, 0) = coalesce($2, 0) AND lower(target) = lower($3)";
  private static final String FIND_MESSAGE =
      "SELECT channel_id, sender FROM messages WHERE id = $1 AND deleted_at IS NULL AND channel_id IS NOT NULL";
  private static final String DELETE_MESSAGE =
      "UPDATE messages SET deleted_at = now(), deleted_by = $2 WHERE id = $1 AND deleted_at IS NULL";
  private static final String SET_TOPIC = "UPDATE channels SET topic = $2, topic_by = $3, topic_at = now() WHERE id = $1";
  private static final String SET_SLOW = "UPDATE channels SET slow_seconds = $2 WHERE id = $1";
  private static final String SET_CLEARED = "UPDATE channels SET cleared_through = greatest(cleared_through, $2) WHERE id = $1";
  private static final String DELETE_CHANNEL = "UPDATE channels SET deleted_at = now() WHERE id = $1 AND deleted_at IS NULL";

  private final Pool pool;

  public ModerationStore(Pool pool) {
    this.pool = pool;
  }

  public enum Kind { BAN, TIMEOUT }

  /**
   * A ban or timeout. {@code channelId} null is a server-wide ban; {@code address} is a guest's;
   * {@code expires} is null for bans, which last until lifted.
   */
  public record Sanction(Kind kind, Long channelId, String target, String address, String reason, String by, Instant expires) {}

  public record Moderator(long channelId, String name) {}

  /** A channel message that is shown (not deleted). */
  public record ShownMessage(long id, long channelId, String sender) {}

  public Future<List<Moderator>> moderators() {
    return pool.query(MODERATORS).execute().map(rows -> {
      List<Moderator> out = new ArrayList<>(rows.size());
      for (Row r : rows) out.add(new Moderator(r.getLong("channel_id"), r.getString("name")));
      return out;
    });
  }

  /** @return false when {@code name} is no account, or is a moderator of the channel already */
  public Future<Boolean> addModerator(long channelId, String name, String by) {
    return pool.preparedQuery(ADD_MODERATOR).execute(Tuple.of(channelId, name, by)).map(rows -> rows.rowCount() == 1);
  }

  /** @return false when {@code name} was no moderator of the channel */
  public Future<Boolean> removeModerator(long channelId, String name) {
    return pool.preparedQuery(REMOVE_MODERATOR).execute(Tuple.of(channelId, name)).map(rows -> rows.rowCount() == 1);
  }

  /** Every ban and running timeout; ended timeouts are deleted first. */
  public Future<List<Sanction>> sanctions() {
    return pool.query(FORGET_EXPIRED).execute().compose(v -> pool.query(SANCTIONS).execute()).map(rows -> {
      List<Sanction> out = new ArrayList<>(rows.size());
      for (Row r : rows) {
        OffsetDateTime expires = r.getOffsetDateTime("expires");
        out.add(new Sanction(Kind.valueOf(r.getString("kind").toUpperCase(java.util.Locale.ROOT)), r.getLong("channel_id"),
            r.getString("target"), r.getString("address"), r.getString("reason"), r.getString("by_name"),
            expires == null ? null : expires.toInstant()));
      }
      return out;
    });
  }

  public Future<Void> putSanction(Sanction s) {
    OffsetDateTime expires = s.expires() == null ? null : OffsetDateTime.ofInstant(s.expires(), ZoneOffset.UTC);
    return pool.preparedQuery(PUT_SANCTION).execute(Tuple.tuple().addValue(wire(s.kind())).addValue(s.channelId())
        .addValue(s.target()).addValue(s.address()).addValue(s.reason()).addValue(s.by()).addValue(expires)).mapEmpty();
  }

  /** @return false when there was no such sanction */
  public Future<Boolean> removeSanction(Kind kind, Long channelId, String target) {
    return pool.preparedQuery(REMOVE_SANCTION).execute(Tuple.of(wire(kind), channelId, target)).map(rows -> rows.rowCount() > 0);
  }

  private static String wire(Kind kind) {
    return kind.name().toLowerCase(java.util.Locale.ROOT);
  }

  public Future<Optional<ShownMessage>> findMessage(long id) {
    return pool.preparedQuery(FIND_MESSAGE).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) return Optional.empty();
      Row r = rows.iterator().next();
      return Optional.of(new ShownMessage(id, r.getLong("channel_id"), r.getString("sender")));
    });
  }

  /** @return false when it was deleted already */
  public Future<Boolean> deleteMessage(long id, String by) {
    return pool.preparedQuery(DELETE_MESSAGE).execute(Tuple.of(id, by)).map(rows -> rows.rowCount() == 1);
  }

  public Future<Void> setTopic(long channelId, String topic, String by) {
    return pool.preparedQuery(SET_TOPIC).execute(Tuple.of(channelId, topic, by)).mapEmpty();
  }

  public Future<Void> setSlowSeconds(long channelId, int seconds) {
    return pool.preparedQuery(SET_SLOW).execute(Tuple.of(channelId, seconds)).mapEmpty();
  }

  /** Hides the channel's messages up to {@code messageId} from history. */
  public Future<Void> clearThrough(long channelId, long messageId) {
    return pool.preparedQuery(SET_CLEARED).execute(Tuple.of(channelId, messageId)).mapEmpty();
  }

  /** @return false when it was deleted already */
  public Future<Boolean> deleteChannel(long channelId) {
    return pool.preparedQuery(DELETE_CHANNEL).execute(Tuple.of(channelId)).map(rows -> rows.rowCount() == 1);
  }
}
