package io.streamroom.store;

import io.streamroom.config.ConfigException;
import io.streamroom.config.Setting;
import io.streamroom.support.TestApp;
import io.vertx.sqlclient.Pool;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A commit is on disk before it is acknowledged, whichever PostgreSQL the server uses. */
class DurableSettingsTest {

  @Test
  void embeddedDatabaseFlushesEveryCommit() throws Exception {
    try (TestApp app = TestApp.start()) {
      Pool pool = app.app().pool();
      assertEquals("on", show(pool, "fsync"), "zonky's -F must be overridden");
      assertEquals("on", show(pool, "synchronous_commit"));
      assertEquals("on", show(pool, "full_page_writes"));
    }
  }

  @Test
  void externalDatabaseSessionsCommitSynchronouslyWhateverTheServerDefault() throws Exception {
    // fsync on, but zonky's default synchronous_commit=off stays the server default
    try (EmbeddedPostgres external = EmbeddedPostgres.builder().setServerConfig("fsync", "on").start();
         TestApp app = TestApp.start(Map.of(Setting.DB_URL, url(external)))) {
      try (var c = external.getPostgresDatabase().getConnection(); var s = c.createStatement(); var rs = s.executeQuery("SHOW synchronous_commit")) {
        rs.next();
        assertEquals("off", rs.getString(1), "the server default this test relies on");
      }
      assertEquals("on", show(app.app().pool(), "synchronous_commit"));
    }
  }

  @Test
  void externalDatabaseWithFsyncOffIsRefusedWithOneLine() throws Exception {
    try (EmbeddedPostgres external = EmbeddedPostgres.builder().start()) { // zonky's defaults: fsync off
      ConfigException e = assertThrows(ConfigException.class, () -> TestApp.start(Map.of(Setting.DB_URL, url(external))));
      assertEquals("STREAMROOM_DB_URL (db.url): the database at localhost:" + external.getPort()
          + "/postgres runs with fsync=off, so a crash could lose acknowledged messages; set fsync = on in its postgresql.conf",
          e.getMessage());
      assertTrue(e.getMessage().lines().count() == 1);
    }
  }

  static String url(EmbeddedPostgres pg) {
    return "postgresql://postgres@localhost:" + pg.getPort() + "/postgres";
  }

  private static String show(Pool pool, String name) throws Exception {
    return pool.query("SHOW " + name).execute().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS)
        .iterator().next().getString(0);
  }
}
