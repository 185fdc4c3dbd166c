package io.streamroom.it;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.BrowserApp;
import io.streamroom.support.Conversations;
import io.streamroom.support.TelnetClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.streamroom.support.Conversations.awaitKeys;
import static io.streamroom.support.Conversations.line;
import static io.streamroom.support.Conversations.listed;
import static io.streamroom.support.Conversations.signIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End-to-end encrypted direct messages on the page in real headless Chromium. Each browser context is its
 * own profile (its own IndexedDB), so each is a device with its own key, as a second laptop would be.
 */
class DirectMessagesBrowserIT {
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static ApiClient api;
  private static String looker; // an account that reads the key directory as any signed-in user may
  private final Map<Page, List<String>> dmCommands = new java.util.concurrent.ConcurrentHashMap<>();

  @RegisterExtension
  static final BrowserApp browsers = new BrowserApp(Map.of(Setting.RATE_MESSAGES, "1000"));

  @BeforeAll
  static void start() {
    api = new ApiClient(browsers.app().httpPort());
    looker = api.register("keylooker", "keylooker-password");
  }

  // ---- a user's browsers

  /** A browser of its own (its own device key), whose dm commands the test can read. */
  private Page newBrowser(String initScript) {
    return browsers.pages().open(1200, 800, initScript, page -> {
      List<String> commands = new java.util.concurrent.CopyOnWriteArrayList<>();
      dmCommands.put(page, commands);
      page.onWebSocket(socket -> socket.onFrameSent(frame -> {
        String text = frame.text();
        if (text != null && text.contains("\"type\":\"dm\"")) commands.add(text);
      }));
    });
  }

  /** A new account, in a browser of its own. */
  private Page registered(String name) {
    return signIn(newBrowser(null), name, "#register-btn");
  }

  /** Another browser (device) of an existing account. */
  private Page anotherBrowser(String name) {
    return signIn(newBrowser(null), name, "#login-btn");
  }

  // ---- the tests

  @Test
  void twoPeopleWriteEncryptedEveryDeviceReadsItAndTheDatabaseHoldsNoPlaintext() throws Exception {
    String first = "the eagle lands at noon";
    String reply = "copy that, the eagle is fed";
    String quick = "over and out";
    String later = "a second secret, after the new phone";
    Page ann = registered("annsecret");
    Page bob = registered("bobsecret");
    awaitKeys(api, looker, "bobsecret", 1);
    Conversations.start(ann, "bobsecret");
    assertThat(ann.locator("#dm-security")).hasAttribute("data-state", "e2e");
    assertThat(ann.locator("#dm-security")).hasText("End-to-end encrypted");

    // Signed in before anything is sent, after Ann's page looked up Bob's keys: her first send is refused
    // (DEVICES_CHANGED), and the page fetches the keys again and encrypts for the tablet too.
    Page bobTablet = anotherBrowser("bobsecret");
    awaitKeys(api, looker, "bobsecret", 2);
    Conversations.send(ann, first);
    assertThat(line(ann, first)).isVisible();
    assertThat(ann.locator("#dm-input")).hasValue("");
    List<String> sent = dmCommands.get(ann);
    assertEquals(2, sent.size(), "refused once, then sent again for both devices: " + sent);
    assertEquals(2, new JsonObject(sent.get(0)).getJsonObject("body").getJsonArray("envelopes").size());
    assertEquals(3, new JsonObject(sent.get(1)).getJsonObject("body").getJsonArray("envelopes").size(), "bob's two devices and this one");

    // Bob reads in the channel; the conversation is marked until he opens it.
    assertThat(listed(bob, "annsecret")).hasClass(Pattern.compile("unread"));
    assertThat(bob.locator("#current-channel")).hasText("#lobby");
    Conversations.open(bob, "annsecret");
    assertThat(line(bob, first)).isVisible();
    assertThat(listed(bob, "annsecret")).not().hasClass(Pattern.compile("unread"));
    Conversations.open(bobTablet, "annsecret");
    assertThat(line(bobTablet, first)).isVisible();

    Conversations.send(bob, reply);
    Conversations.send(bob, quick); // entered while the first is on its way: it waits for it, nothing is lost
    assertThat(ann.locator("#dm-messages .message .text")).hasText(new String[] {first, reply, quick});
    assertThat(bob.locator("#dm-input")).hasValue("");
    assertThat(line(bobTablet, reply)).isVisible(); // his own message, from his other device
    assertThat(line(ann, first)).hasCount(1); // the reply and the dm event to her own session: shown once
    assertThat(line(bob, reply)).hasCount(1);
    assertThat(line(bob, reply)).hasClass(Pattern.compile("mine"));

    // A reload reads it all again: bob's reply decrypted, her own message from the envelope made for this browser.
    ann.reload();
    assertThat(ann.locator("#connection")).hasAttribute("data-state", "connected");
    Conversations.open(ann, "bobsecret");
    assertThat(line(ann, first)).isVisible();
    assertThat(line(ann, reply)).isVisible();
    assertThat(ann.locator("#dm-messages .unreadable")).hasCount(0);

    // Safety numbers: computed in the page from the keys, and the same as the server's.
    ann.click("#dm-verify-btn");
    JsonObject annKey = awaitKeys(api, looker, "annsecret", 1).getJsonObject(0);
    assertThat(ann.locator("#dm-verify ul[data-owner='here'] li[data-key-id='" + annKey.getLong("id") + "'] .fingerprint"))
        .hasText(annKey.getString("fingerprint"));
    JsonArray bobKeys = awaitKeys(api, looker, "bobsecret", 2);
    assertThat(ann.locator("#dm-verify ul[data-owner='theirs'] li")).hasCount(2);
    for (Object k : bobKeys) {
      JsonObject key = (JsonObject) k;
      assertTrue(key.getString("fingerprint").matches("\\d{5}( \\d{5}){5}"), key.encode());
      assertThat(ann.locator("#dm-verify ul[data-owner='theirs'] li[data-key-id='" + key.getLong("id") + "'] .fingerprint"))
          .hasText(key.getString("fingerprint"));
    }
    assertThat(ann.locator("#users li[data-user='annsecret']")).isVisible(); // the member list, rejoined, for the picture
    ann.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("direct-messages.png")));
    ann.click("#dm-verify-btn");

    // Bob signs in on a new phone: Ann is told in their conversation, with the new key's fingerprint.
    Page bobPhone = anotherBrowser("bobsecret");
    JsonArray keys = awaitKeys(api, looker, "bobsecret", 3);
    JsonObject phone = keys.getJsonObject(keys.size() - 1);
    assertThat(ann.locator("#dm-messages .notice .text", new Page.LocatorOptions().setHasText("new device")))
        .hasText("bobsecret has a new device: " + phone.getString("device") + " (fingerprint " + phone.getString("fingerprint") + ")");
    Conversations.send(ann, later);
    assertThat(line(ann, later)).isVisible();
    Conversations.open(bobPhone, "annsecret");
    assertThat(line(bobPhone, later)).isVisible();
    assertThat(line(bobPhone, "Sent before this device existed")).hasCount(3); // all but the last
    assertThat(line(bobTablet, later)).isVisible();
    bobPhone.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("direct-messages-new-device.png")));

    // The server kept envelopes only: no text, each row with the key id it was sent from.
    RowSet<Row> rows = browsers.app().query("SELECT id, body, sender_device FROM messages WHERE recipient IS NOT NULL "
        + "AND lower(sender) IN ('annsecret', 'bobsecret') ORDER BY id");
    assertEquals(4, rows.size());
    for (Row row : rows) {
      String body = row.getString("body");
      for (String secret : List.of(first, reply, quick, later, "eagle", "secret")) {
        assertFalse(body.contains(secret), "message " + row.getLong("id") + " holds plaintext: " + body);
      }
      assertNotNull(row.getLong("sender_device"), "an encrypted message names its sender's key");
      assertTrue(body.startsWith("{\"envelopes\":["), body);
    }
  }

  @Test
  void aTelnetUsersPrivateMessageArrivesMarkedNotEncryptedAndIsAnsweredOnlyAfterChoosingSo() {
    Page web = registered("webreader");
    try (TelnetClient terminal = browsers.app().user("termwriter")) {
      for (int i = 1; i <= 120; i++) terminal.send(String.format("/msg webreader older %03d", i));
      terminal.send("/msg webreader hello from the terminal");
      terminal.expect("[private to webreader] hello from the terminal");
      assertThat(listed(web, "termwriter")).hasClass(Pattern.compile("unread"));
      // Still unread after a reload: the conversation's newest message is past the last one read here.
      web.reload();
      assertThat(web.locator("#connection")).hasAttribute("data-state", "connected");
      assertThat(listed(web, "termwriter")).hasClass(Pattern.compile("unread"));
      Conversations.open(web, "termwriter");
      Locator hello = line(web, "hello from the terminal");
      assertThat(hello.locator(".tag")).hasText("not encrypted");
      assertThat(web.locator("#dm-security")).hasAttribute("data-state", "plain");
      assertThat(web.locator("#dm-note")).containsText("termwriter has no account");
      // The latest page first; older ones as the reader scrolls up, as in channels.
      Locator oldest = web.locator("#dm-messages .text", new Page.LocatorOptions().setHasText("older 001"));
      assertThat(oldest).hasCount(0);
      assertThat(line(web, "older 120")).isVisible();
      web.locator("#dm-messages").evaluate("box => box.scrollTop = 0");
      assertThat(oldest).hasCount(1);
      assertThat(web.locator("#dm-messages .message")).hasCount(121);

      Conversations.send(web, "hi terminal");
      assertThat(web.locator("#dm-error")).containsText("cannot be end-to-end encrypted");
      assertThat(web.locator("#dm-error")).containsText("You can send it not encrypted instead");
      terminal.expectNo("hi terminal", java.time.Duration.ofMillis(300));
      web.click("#dm-plain-btn");
      terminal.expect("[private] webreader: hi terminal");
      assertThat(line(web, "hi terminal").locator(".tag")).hasText("not encrypted");
      assertThat(web.locator("#dm-plain-btn")).isHidden();
      web.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("direct-messages-not-encrypted.png")));

      // Chosen once for this person: "/msg" in a channel opens the conversation and sends there.
      web.click("#channel-list li[data-channel='#lobby'] button");
      assertThat(web.locator("#messages")).isVisible();
      web.fill("#message-input", "/msg termwriter sent with slash msg");
      web.press("#message-input", "Enter");
      assertThat(web.locator("#dm-with")).hasText("termwriter");
      terminal.expect("[private] webreader: sent with slash msg");
      assertThat(line(web, "sent with slash msg").locator(".tag")).hasText("not encrypted");
      assertThat(web.locator("#message-input")).hasValue("");
    }
  }

  @Test
  void whatCannotBeSentEncryptedIsExplained() {
    api.register("keylessbob", "keylessbob-password"); // an account that never used the web page, offline
    Page page = registered("askingann");
    Conversations.start(page, "keylessbob");
    assertThat(page.locator("#dm-security")).hasAttribute("data-state", "plain");
    assertThat(page.locator("#dm-note")).hasText("keylessbob has not signed in on the web page yet, "
        + "so messages to them cannot be end-to-end encrypted.");
    Conversations.send(page, "are you there?");
    assertThat(page.locator("#dm-error")).containsText("keylessbob is not online either, so nothing can be sent to them now.");
    assertThat(page.locator("#dm-plain-btn")).isHidden();
    assertThat(page.locator("#dm-input")).hasValue("are you there?"); // kept

    page.fill("#new-dm-name", "nobodyatall");
    page.click("#new-dm-btn");
    assertThat(page.locator("#new-dm-error")).hasText("Nobody called nobodyatall has an account or is online.");
    page.fill("#new-dm-name", "AskingAnn");
    page.click("#new-dm-btn");
    assertThat(page.locator("#new-dm-error")).hasText("That is you: pick someone else.");
  }

  @Test
  void aPageWithoutWebCryptoSaysEncryptionNeedsHttpsAndStillReadsPlainMessages() {
    Page friend = registered("httpsfriend");
    awaitKeys(api, looker, "httpsfriend", 1);
    // What a browser does on plain http away from localhost: no secure context, no crypto.subtle.
    Page page = signIn(newBrowser("Object.defineProperty(window, 'isSecureContext', { value: false })"), "plainpage", "#register-btn");
    assertThat(page.locator("#dm-device-note")).containsText("Encrypted messages need https");
    Conversations.start(page, "httpsfriend");
    assertThat(page.locator("#dm-security")).hasAttribute("data-state", "plain");
    assertThat(page.locator("#dm-note")).containsText("Encrypted messages need https");
    Conversations.send(page, "over plain http");
    assertThat(page.locator("#dm-error")).containsText("Encrypted messages need https");
    page.click("#dm-plain-btn");
    assertThat(line(page, "over plain http").locator(".tag")).hasText("not encrypted");
    Conversations.open(friend, "plainpage");
    assertThat(line(friend, "over plain http").locator(".tag")).hasText("not encrypted");
    assertEquals(0, awaitKeys(api, looker, "plainpage", 0).size(), "no key was published from that page");

    // Nothing encrypted can reach that page: the other side is told why before anything is sent.
    Conversations.send(friend, "encrypted, but not for that page");
    assertThat(friend.locator("#dm-error")).containsText("plainpage has not signed in on the web page yet");
  }
}
