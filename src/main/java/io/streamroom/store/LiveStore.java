package io.streamroom.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every SQL statement of broadcasting: stream keys, and the recordings kept in the video library. */
public final class LiveStore {
  private static final String PUT_KEY = "INSERT INTO stream_keys (channel_id, key_hash, created_by) VALUES ($1, $2, $3) "
      + "ON CONFLICT (channel_id) DO UPDATE SET key_hash = excluded.key_hash, created_by = excluded.created_by, created = now()";
  private static final String KEY_OWNER = "SELECT c.name, k.created_by FROM stream_keys k JOIN channels c ON c.id = k.channel_id "
      + "WHERE k.key_hash = $1 AND c.deleted_at IS NULL";
  private static final String ADD_RECORDING =
      "INSERT INTO recordings (title, channel, streamer, started, bytes) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (title) DO NOTHING";
  private static final String RECORDING = "SELECT title, channel, streamer, started, bytes FROM recordings WHERE title = $1";
  private static final String RECORDINGS_OLDEST_FIRST = "SELECT title, channel, streamer, started, bytes FROM recordings ORDER BY started, title";
  private static final String SET_BYTES = "UPDATE recordings SET bytes = $2 WHERE title = $1";
  private static final String DELETE_RECORDING = "DELETE FROM recordings WHERE title = $1";

  private final Pool pool;

  public LiveStore(Pool pool) {
    this.pool = pool;
  }

  /** Whose key it is: the channel it streams into and the account that asked for it. */
  public record KeyOwner(String channel, String user) {}

  /** A live stream kept in the library under {@code title}; {@code bytes} counts all its renditions. */
  public record Recording(String title, String channel, String streamer, OffsetDateTime started, long bytes) {}

  /** Stores a key's hash for the channel, replacing the one it had. */
  public Future<Void> putKey(long channelId, byte[] keyHash, String createdBy) {
    return pool.preparedQuery(PUT_KEY).execute(Tuple.of(channelId, Buffer.buffer(keyHash), createdBy)).mapEmpty();
  }

  public Future<Optional<KeyOwner>> keyOwner(byte[] keyHash) {
    return pool.preparedQuery(KEY_OWNER).execute(Tuple.of(Buffer.buffer(keyHash))).map(rows -> {
      if (rows.size() == 0) return Optional.empty();
      Row row = rows.iterator().next();
      return Optional.of(new KeyOwner(row.getString("name"), row.getString("created_by")));
    });
  }

  /** A recording put in the library again after a crash (its row was written, its part file not yet removed) is no error. */
  public Future<Void> addRecording(Recording r) {
    return pool.preparedQuery(ADD_RECORDING).execute(Tuple.of(r.title(), r.channel(), r.streamer(), r.started(), r.bytes())).mapEmpty();
  }

  public Future<Optional<Recording>> recording(String title) {
    return pool.preparedQuery(RECORDING).execute(Tuple.of(title))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(recording(rows.iterator().next())));
  }

  public Future<List<Recording>> recordingsOldestFirst() {
    return pool.preparedQuery(RECORDINGS_OLDEST_FIRST).execute().map(rows -> {
      List<Recording> out = new ArrayList<>(rows.size());
      for (Row row : rows) out.add(recording(row));
      return out;
    });
  }

  public Future<Void> setBytes(String title, long bytes) {
    return pool.preparedQuery(SET_BYTES).execute(Tuple.of(title, bytes)).mapEmpty();
  }

  public Future<Void> deleteRecording(String title) {
    return pool.preparedQuery(DELETE_RECORDING).execute(Tuple.of(title)).mapEmpty();
  }

  private static Recording recording(Row row) {
    return new Recording(row.getString("title"), row.getString("channel"), row.getString("streamer"),
        row.getOffsetDateTime("started"), row.getLong("bytes"));
  }
}
