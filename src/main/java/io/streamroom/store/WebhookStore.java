package io.streamroom.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;

/** Every SQL statement of webhooks: those added from the admin page. */
public final class WebhookStore {
  private static final String LIST = "SELECT id, url, secret, messages FROM webhooks ORDER BY id";
  private static final String ADD = "INSERT INTO webhooks (url, secret, messages, created_by) VALUES ($1, $2, $3, $4) RETURNING id";
  private static final String REMOVE = "DELETE FROM webhooks WHERE id = $1";

  private final Pool pool;

  public WebhookStore(Pool pool) {
    this.pool = pool;
  }

  public record StoredHook(long id, String url, String secret, boolean messages) {}

  public Future<List<StoredHook>> list() {
    return pool.query(LIST).execute().map(rows -> {
      List<StoredHook> out = new ArrayList<>(rows.size());
      for (Row r : rows) out.add(new StoredHook(r.getLong("id"), r.getString("url"), r.getString("secret"), r.getBoolean("messages")));
      return out;
    });
  }

  /** @return the new hook's id */
  public Future<Long> add(String url, String secret, boolean messages, String createdBy) {
    return pool.preparedQuery(ADD).execute(Tuple.of(url, secret, messages, createdBy)).map(rows -> rows.iterator().next().getLong("id"));
  }

  /** @return false when there was no such hook */
  public Future<Boolean> remove(long id) {
    return pool.preparedQuery(REMOVE).execute(Tuple.of(id)).map(rows -> rows.rowCount() == 1);
  }
}
