package io.streamroom.media;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Every SQL statement about voice and video messages, and the file removals that go with them (on worker
 * threads). This is what the chat service uses to attach a recording to a message and to delete it with
 * the message: {@link #find}, {@link #attach}, {@link #deleteForMessage}.
 */
public final class MediaStore {
  private static final Logger log = LoggerFactory.getLogger(MediaStore.class);
  private static final String COLUMNS = "m.id, m.owner, m.kind, m.content_type, m.duration_ms, m.size, m.encrypted, m.message_id";
  private static final String FIND = "SELECT " + COLUMNS + " FROM media m WHERE m.id = $1 AND m.deleted_at IS NULL";
  private static final String FIND_WITH_MESSAGE = "SELECT " + COLUMNS + ", msg.sender, msg.recipient, "
      + "msg.deleted_at IS NOT NULL AS message_deleted FROM media m LEFT JOIN messages msg ON msg.id = m.message_id "
      + "WHERE m.id = $1 AND m.deleted_at IS NULL";
  private static final String USED =
      "SELECT coalesce(sum(size), 0) AS used FROM media WHERE lower(owner) = lower($1) AND deleted_at IS NULL";
  /** First key of the per-account lock around quota check and insert ("medi"), so it is nobody else's lock. */
  private static final int QUOTA_LOCK = 0x6d656469;
  /** Two uploads of one account are checked against the quota one after the other, never both on the old sum. */
  private static final String LOCK_OWNER = "SELECT pg_advisory_xact_lock(" + QUOTA_LOCK + ", hashtext(lower($1)))";
  private static final String INSERT = "INSERT INTO media (id, owner, kind, content_type, duration_ms, size, encrypted) "
      + "VALUES ($1, $2, $3, $4, $5, $6, $7)";
  /** Only the owner's own recording, not yet attached, onto a message they sent. */
  private static final String ATTACH = "UPDATE media SET message_id = $3 WHERE id = $1 AND lower(owner) = lower($2) "
      + "AND message_id IS NULL AND deleted_at IS NULL "
      + "AND EXISTS (SELECT 1 FROM messages WHERE id = $3 AND lower(sender) = lower($2))";
  private static final String DELETE_FOR_MESSAGE =
      "UPDATE media SET deleted_at = now() WHERE message_id = $1 AND deleted_at IS NULL RETURNING id";
  private static final String DELETE_UNATTACHED = "UPDATE media SET deleted_at = now() "
      + "WHERE message_id IS NULL AND deleted_at IS NULL AND created < now() - make_interval(secs => $1) RETURNING id";
  private static final String KEPT = "SELECT id FROM media WHERE id = ANY($1) AND deleted_at IS NULL";
  /** Ids per query when the start-up sweep asks which files still have their row. */
  private static final int SWEEP_BATCH = 1000;

  private final Vertx vertx;
  private final Pool pool;
  private final MediaFiles files;

  public MediaStore(Vertx vertx, Pool pool, MediaFiles files) {
    this.vertx = vertx;
    this.pool = pool;
    this.files = files;
  }

  /** A recording and the message it is attached to ({@code sender} and {@code recipient} null when it is not). */
  public record Attachment(Media media, String sender, String recipient, boolean messageDeleted) {}

  public MediaFiles files() {
    return files;
  }

  /** The recording, unless there is none or it was deleted. */
  public Future<Optional<Media>> find(UUID id) {
    return pool.preparedQuery(FIND).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(media(rows.iterator().next())));
  }

  /** The recording with its message's sender and recipient, for deciding who may fetch it. */
  public Future<Optional<Attachment>> findWithMessage(UUID id) {
    return pool.preparedQuery(FIND_WITH_MESSAGE).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) return Optional.empty();
      Row r = rows.iterator().next();
      return Optional.of(new Attachment(media(r), r.getString("sender"), r.getString("recipient"),
          Boolean.TRUE.equals(r.getBoolean("message_deleted"))));
    });
  }

  /**
   * Attaches an uploaded recording to the message that carries it: from then on whoever may read the
   * message may fetch it. Call it once the message row is committed and before the message is published.
   *
   * @return false (and nothing changes) unless the recording is {@code owner}'s, not deleted, not attached
   *     yet, and the message was sent by {@code owner}
   */
  public Future<Boolean> attach(UUID id, String owner, long messageId) {
    return pool.preparedQuery(ATTACH).execute(Tuple.of(id, owner, messageId)).map(rows -> rows.rowCount() == 1);
  }

  /** Deletes the recordings attached to a message (when it is deleted): marked in the table, files removed. */
  public Future<Void> deleteForMessage(long messageId) {
    return pool.preparedQuery(DELETE_FOR_MESSAGE).execute(Tuple.of(messageId)).compose(this::removeFiles).mapEmpty();
  }

  /** Bytes of recordings {@code owner} keeps (deleted ones do not count). */
  public Future<Long> usedBytes(String owner) {
    return pool.preparedQuery(USED).execute(Tuple.of(owner)).map(rows -> rows.iterator().next().getLong("used"));
  }

  /**
   * Inserts the row if the owner's recordings stay within {@code quota}, in one transaction that also runs
   * {@code keepFile} (making the file durable) before it commits: a refusal or a failure leaves no row, and
   * a committed row always has its file.
   */
  Future<Void> insertWithinQuota(Media media, Quota quota, Supplier<Future<Void>> keepFile) {
    return pool.withTransaction(conn -> conn.preparedQuery(LOCK_OWNER).execute(Tuple.of(media.owner()))
        .compose(locked -> conn.preparedQuery(USED).execute(Tuple.of(media.owner())))
        .compose(used -> {
          quota.check(used.iterator().next().getLong("used"), media.size());
          return conn.preparedQuery(INSERT).execute(Tuple.from(List.of(media.id(), media.owner(), media.kind().label(),
              media.contentType(), (int) media.durationMs(), media.size(), media.encrypted())));
        })
        .compose(inserted -> keepFile.get()));
  }

  /** Deletes recordings never attached to a message within {@code age}. @return how many */
  Future<Integer> deleteUnattached(Duration age) {
    return pool.preparedQuery(DELETE_UNATTACHED).execute(Tuple.of((double) age.toSeconds())).compose(this::removeFiles);
  }

  /**
   * Removes every file whose row is gone or deleted, left by a crash between a file's rename and its row's
   * commit, or between a deletion and its file's removal. Only files older than {@link MediaFiles#LEFTOVER_AGE}
   * are considered: a younger one may be between its rename and its commit, here or on another node. A
   * database that cannot answer removes nothing.
   */
  Future<Void> removeOrphans() {
    return vertx.executeBlocking(files::settled).compose(stored -> kept(stored, 0, new HashSet<>())
        .compose(kept -> vertx.executeBlocking(() -> {
          List<UUID> orphans = stored.stream().filter(id -> !kept.contains(id)).toList();
          orphans.forEach(files::delete);
          if (!orphans.isEmpty()) log.info("Removed {} recording files without a stored row", orphans.size());
          return null;
        })));
  }

  private Future<Set<UUID>> kept(List<UUID> ids, int from, Set<UUID> kept) {
    if (from >= ids.size()) return Future.succeededFuture(kept);
    UUID[] batch = ids.subList(from, Math.min(ids.size(), from + SWEEP_BATCH)).toArray(UUID[]::new);
    return pool.preparedQuery(KEPT).execute(Tuple.of((Object) batch)).compose(rows -> {
      for (Row r : rows) kept.add(r.getUUID("id"));
      return kept(ids, from + SWEEP_BATCH, kept);
    });
  }

  private Future<Integer> removeFiles(RowSet<Row> deleted) {
    List<UUID> ids = new ArrayList<>();
    for (Row r : deleted) ids.add(r.getUUID("id"));
    if (ids.isEmpty()) return Future.succeededFuture(0);
    return vertx.executeBlocking(() -> {
      ids.forEach(files::delete);
      return ids.size();
    }, false);
  }

  private static Media media(Row r) {
    return new Media(r.getUUID("id"), r.getString("owner"), MediaKind.of(r.getString("kind")), r.getString("content_type"),
        r.getInteger("duration_ms"), r.getLong("size"), r.getBoolean("encrypted"), r.getLong("message_id"));
  }
}
