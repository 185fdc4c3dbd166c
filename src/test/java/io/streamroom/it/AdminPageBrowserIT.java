package io.streamroom.it;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.BrowserApp;
import io.streamroom.support.RtmpPush;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The admin page in real headless Chromium, against the whole application, with telnet users and an OBS stream (ffmpeg). */
class AdminPageBrowserIT {
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @RegisterExtension
  static final BrowserApp browsers = new BrowserApp(Map.of(Setting.RTMP_PORT, String.valueOf(TestApp.freePort()),
      Setting.ADMINS, "chief", Setting.RECORD, "false"));

  /** An account (made if missing; password: name + "-password") signed in on the chat page. */
  private Page signedIn(String name) {
    ApiClient api = new ApiClient(browsers.app().httpPort());
    api.post("/api/register", new JsonObject().put("username", name).put("password", name + "-password"), null); // or had one
    Page page = browsers.pages().open(1200, 900);
    page.fill("#username", name);
    page.fill("#password", name + "-password");
    page.click("#login-btn");
    assertThat(page.locator("#connection")).hasAttribute("data-state", "connected");
    return page;
  }

  /** An admin (STREAMROOM_ADMINS) signs in on the chat page, then opens /admin in the same browser. */
  private Page adminPage(String name) {
    Page page = signedIn(name);
    page.navigate("http://127.0.0.1:" + browsers.app().httpPort() + "/admin");
    return page;
  }

  private static Locator row(Page page, String table, String key) {
    return page.locator("#" + table + "-rows tr[data-key='" + key + "']");
  }

  @Test
  void anAdminBansATelnetUserAndStopsAnObsStream() {
    ApiClient api = new ApiClient(browsers.app().httpPort());
    String streamer = api.register("caster", "caster-password");
    api.post("/api/channels", new JsonObject().put("name", "show"), streamer);
    JsonObject key = api.post("/api/channels/show/streamkey", new JsonObject(), streamer).json();
    try (TelnetClient rowdy = browsers.app().user("rowdy"); TelnetClient fan = browsers.app().user("fan");
         RtmpPush obs = RtmpPush.start(key.getString("publishUrl"), 0)) {
      // An account: a guest's ban holds for every guest from its address too, and the fan is on this machine as well.
      rowdy.send("/register rowdy-password");
      rowdy.expect("is now your account");
      fan.send("/join #show");
      fan.expect("You joined #show");
      fan.expect("#show is live now");
      Page admin = adminPage("chief");
      assertThat(admin.locator("#glance-health")).hasText("UP");

      Locator rowdyRow = row(admin, "users", "rowdy");
      assertThat(rowdyRow.locator("td").nth(2)).hasText("telnet");
      assertThat(rowdyRow.locator("td").nth(3)).hasText(java.util.regex.Pattern.compile("^127\\.0\\.0\\.1:\\d+$"));
      assertThat(row(admin, "users", "chief").locator("td").nth(2)).hasText("web");
      Locator ban = rowdyRow.locator("button[data-action='ban']");
      ban.click();
      assertThat(ban).hasText("Ban rowdy?");
      ban.click();
      rowdy.expect("You were kicked by chief: Banned from the server");
      rowdy.expectClosed();
      assertThat(rowdyRow).hasCount(0);
      assertThat(row(admin, "accounts", "rowdy").locator("td").nth(3)).hasText("banned");
      assertThat(admin.locator("#connlog li", new Page.LocatorOptions().setHasText("chief banned rowdy from the server"))).hasCount(1);

      Locator show = row(admin, "streams", "#show");
      assertThat(show.locator("td").nth(1)).hasText("OBS/RTMP (caster)");
      admin.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("admin.png")).setFullPage(true));
      show.locator("button[data-action='stop']").click();
      fan.expect("The live stream in #show stopped");
      assertThat(show).hasCount(0);
      assertThat(admin.locator("#streams-rows")).containsText("Nothing is live.");
      obs.awaitExit(Duration.ofSeconds(10)); // the server disconnected OBS (ffmpeg): it ends, or this fails
    }
  }

  @Test
  void anAdminPromotesAndDemotesAnAccountWhoSeesItOnTelnet() {
    ApiClient api = new ApiClient(browsers.app().httpPort());
    Page helperPage = signedIn("helper");
    try (TelnetClient helper = browsers.app().user("helperterm")) {
      helper.send("/login helper helper-password");
      helper.expect("Logged in as helper");
      Page admin = adminPage("chief");
      Locator account = row(admin, "accounts", "helper");
      assertThat(account.locator("td").nth(1)).hasText("user");
      account.locator("button[data-action='promote']").click();
      helper.expect("* chief made you an admin.");
      assertThat(helperPage.locator("#messages .notice", new Page.LocatorOptions().setHasText("chief made you an admin."))).isVisible();
      assertThat(account.locator("td").nth(1)).hasText("admin");
      account.locator("button[data-action='demote']").click();
      helper.expect("* chief removed your admin role.");
      assertThat(helperPage.locator("#messages .notice", new Page.LocatorOptions().setHasText("chief removed your admin role."))).isVisible();
      assertThat(account.locator("td").nth(1)).hasText("user");
      helper.send("/kick chief");
      helper.expect("! Only admins can do that.");
    }
  }

  @Test
  void anAdminChangesAChannelsModeAndAddsAndRemovesAWebhook() {
    try (TelnetClient guest = browsers.app().user("lobbyguest")) {
      Page admin = adminPage("chief");
      Locator lobby = row(admin, "channels", "#lobby");
      lobby.locator("button[data-action='mode']").click();
      guest.expect("* chief changed #lobby: registered-only");
      assertThat(lobby.locator("td").nth(3)).hasText("registered users");
      lobby.locator("button[data-action='mode']").click();
      guest.expect("* chief changed #lobby: open to guests");
      assertThat(lobby.locator("button[data-action='delete']")).hasCount(0); // #lobby stays

      admin.fill("#hook-url", "ftp://example.org/nope");
      admin.click("#hook-add");
      assertThat(admin.locator("#admin-error")).hasText("The URL must start with http:// or https://.");
      admin.fill("#hook-url", "http://127.0.0.1:9/from-the-page");
      admin.check("#hook-messages");
      admin.click("#hook-add");
      assertThat(admin.locator("#hook-created")).containsText("Its secret (shown only now): ");
      Locator hook = row(admin, "hooks", "http://127.0.0.1:9/from-the-page");
      assertThat(hook.locator("td").nth(1)).hasText("this page");
      assertThat(hook.locator("td").nth(2)).hasText("yes");
      Locator remove = hook.locator("button[data-action='remove']");
      remove.click();
      remove.click();
      assertThat(hook).hasCount(0);
      assertEquals(0, new ApiClient(browsers.app().httpPort()).get("/api/admin/webhooks", token(admin)).json()
          .getJsonArray("hooks").size());
    }
  }

  private static String token(Page page) {
    return (String) page.evaluate("() => localStorage.getItem('streamroom.token')");
  }

  @Test
  void aNonAdminGetsAdminsOnlyBecauseTheServerRefuses() {
    Page plain = browsers.pages().registered("plainuser");
    Response answer = plain.waitForResponse(r -> r.url().endsWith("/api/admin/users"),
        () -> plain.navigate("http://127.0.0.1:" + browsers.app().httpPort() + "/admin"));
    assertEquals(403, answer.status());
    assertEquals("NOT_ADMIN", new JsonObject(answer.text()).getString("error"));
    assertThat(plain.locator("#admin-denied")).isVisible();
    assertThat(plain.locator("#admin-denied")).hasText("Admins only: your account is not an admin.");
    assertThat(plain.locator("#admin-panels")).isHidden();

    String token = token(plain);
    ApiClient api = new ApiClient(browsers.app().httpPort());
    for (String path : new String[] {"/api/admin/users", "/api/admin/accounts", "/api/admin/connections", "/api/admin/webhooks"}) {
      assertEquals(403, api.get(path, token).status(), path);
    }
  }
}
