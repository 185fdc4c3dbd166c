package io.streamroom.store;

import io.streamroom.config.Config;
import io.streamroom.config.Setting;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** What must survive a restart: messages, channels, accounts and admin roles. */
class PersistenceTest {

  @Test
  void messagesAccountsAndAdminRolesSurviveARestart() {
    TestApp first = TestApp.start(Map.of(Setting.ADMINS, "root"));
    Config config = first.config;
    try (TelnetClient root = first.user("root"); TelnetClient bea = first.user("bea")) {
      root.send("/register root-password");
      root.expect("is now your account");
      bea.send("/register bea-password");
      bea.expect("is now your account");
      root.send("/addadmin bea");
      root.expect("* bea is now an admin.");
      bea.send("/join #kept");
      bea.expect("You joined #kept");
      bea.send("written before the restart");
      bea.expect("bea: written before the restart");
    } finally {
      first.close();
    }

    TestApp second = TestApp.start(config);
    try (TelnetClient bea = second.connect(); TelnetClient guest = second.connect()) {
      bea.expect("Choose a nickname");
      bea.send("/login bea bea-password");
      bea.expect("Hello bea (admin).");
      bea.send("/join #kept");
      String history = bea.expect("written before the restart");
      assertTrue(history.startsWith("[history ") && history.endsWith("] bea: written before the restart"), history);
      bea.send("/listadmins");
      String admins = bea.expect("* Admins");
      assertTrue(admins.contains("bea (online)") && admins.contains("root"), admins);
      bea.send("/channels");
      assertTrue(bea.expect("* Channels").contains("#kept"));

      guest.expect("Choose a nickname");
      guest.send("root");
      guest.expect("! root belongs to an account");
    } finally {
      second.close();
    }
  }
}
