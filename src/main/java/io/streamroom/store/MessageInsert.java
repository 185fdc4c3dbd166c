package io.streamroom.store;

import io.streamroom.store.ChatStore.NewMessage;
import io.streamroom.store.ChatStore.StoredMessage;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The message writer's one statement: a batch of messages inserted at once, each exactly once by its key
 * (a retry of a committed message is read back as a repeat, not stored again).
 */
final class MessageInsert {
  /** One statement for a whole batch; a key stored already (a retry) is skipped and read back instead. */
  private static final String INSERT_MESSAGES =
      "INSERT INTO messages (channel_id, sender, recipient, body, client_key, sender_device) "
          + "SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::bigint[]) "
          + "ON CONFLICT (client_key) DO NOTHING RETURNING id, client_key, created";
  private static final String FIND_MESSAGES_BY_KEY =
      "SELECT id, client_key, created FROM messages WHERE client_key = ANY($1::uuid[])";

  private MessageInsert() {}

  /**
   * Inserts a batch in one statement, which is one transaction: all of it is committed or none. Messages
   * whose key was stored already are read back and marked as repeats. Results are in the order of
   * {@code batch}; runs on {@code client} (the message writer's own connection).
   */
  static Future<List<StoredMessage>> insert(SqlClient client, List<NewMessage> batch) {
    int n = batch.size();
    Long[] channels = new Long[n];
    String[] senders = new String[n];
    String[] recipients = new String[n];
    String[] bodies = new String[n];
    UUID[] keys = new UUID[n];
    Long[] devices = new Long[n];
    for (int i = 0; i < n; i++) {
      NewMessage m = batch.get(i);
      channels[i] = m.channelId();
      senders[i] = m.sender();
      recipients[i] = m.recipient();
      bodies[i] = m.body();
      keys[i] = storedKey(m);
      devices[i] = m.senderDevice();
    }
    return client.preparedQuery(INSERT_MESSAGES).execute(Tuple.of(channels, senders, recipients, bodies, keys, devices))
        .compose(inserted -> {
          StoredMessage[] out = new StoredMessage[n];
          if (matchInOrder(inserted, batch, keys, out)) return Future.succeededFuture(Arrays.asList(out));
          match(inserted, batch, keys, out, false);
          return client.preparedQuery(FIND_MESSAGES_BY_KEY).execute(Tuple.of((Object) keys))
              .map(found -> {
                match(found, batch, keys, out, true);
                return Arrays.asList(out); // a null left means neither inserted nor found: the writer retries
              });
        });
  }

  /** The key as stored: a name-based UUID of sender and key, so a key is unique per sender in 16 bytes. */
  static UUID storedKey(NewMessage m) {
    return UUID.nameUUIDFromBytes((m.sender() + '\n' + m.key()).getBytes(StandardCharsets.UTF_8));
  }

  /** The usual case: every row inserted, returned in the order given. */
  private static boolean matchInOrder(RowSet<Row> rows, List<NewMessage> batch, UUID[] keys, StoredMessage[] out) {
    if (rows.size() != batch.size()) return false;
    int i = 0;
    for (Row r : rows) {
      NewMessage m = batch.get(i);
      if (!keys[i].equals(r.getUUID("client_key"))) return false;
      out[i++] = stored(r, m, false);
    }
    return true;
  }

  private static void match(RowSet<Row> rows, List<NewMessage> batch, UUID[] keys, StoredMessage[] out, boolean repeat) {
    for (Row r : rows) {
      for (int i = 0; i < batch.size(); i++) {
        NewMessage m = batch.get(i);
        if (out[i] == null && keys[i].equals(r.getUUID("client_key"))) {
          out[i] = stored(r, m, repeat);
        }
      }
    }
  }

  /** A repeat keeps the id and time the database holds; its body is the one sent, as it is the same message. */
  private static StoredMessage stored(Row r, NewMessage m, boolean repeat) {
    return new StoredMessage(r.getLong("id"), m.sender(), m.body(), r.getOffsetDateTime("created"), repeat);
  }
}
