package io.streamroom.it;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.streamroom.config.Setting;
import io.streamroom.support.BrowserApp;
import io.streamroom.support.Pages;
import io.streamroom.support.TelnetClient;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

/** What the page moderation tests share: one application with browsers, and a user's actions on the page. */
abstract class PageModerationFixture {
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @RegisterExtension
  static final BrowserApp browsers = new BrowserApp(Map.of(Setting.RATE_MESSAGES, "1000"));

  // ---- a user's session in a browser

  Page registered(String name) {
    return browsers.pages().registered(name);
  }

  /** Creates a channel from the page (its creator owns it) and reads it. */
  static void createChannel(Page page, String name) {
    page.fill("#new-channel-name", name);
    page.click("#new-channel-btn");
    assertThat(page.locator("#current-channel")).hasText("#" + name);
  }

  static void open(Page page, String channel) {
    page.click("#channel-list li[data-channel='" + channel + "'] button");
    assertThat(page.locator("#current-channel")).hasText(channel);
  }

  static void send(Page page, String text) {
    Pages.send(page, text);
  }

  /** The line of a message, found by its text. */
  static Locator message(Page page, String text) {
    return page.locator("#messages .message", new Page.LocatorOptions().setHasText(text));
  }

  static Locator notice(Page page, String text) {
    return page.locator("#messages .notice", new Page.LocatorOptions().setHasText(text));
  }

  static Locator action(Locator message, String action) {
    return message.locator("button[data-action='" + action + "']");
  }

  static String token(Page page) {
    return (String) page.evaluate("() => localStorage.getItem('streamroom.token')");
  }

  /** A telnet user with an account, in {@code channel}. */
  static TelnetClient telnetAccount(String nick, String channel) {
    TelnetClient client = browsers.app().user(nick);
    client.send("/register " + nick + "-password");
    client.expect("is now your account");
    client.send("/join " + channel);
    client.expect("You joined " + channel);
    return client;
  }
}
