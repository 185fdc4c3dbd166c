package io.streamroom.it;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.WaitForSelectorState;
import io.streamroom.config.Setting;
import io.streamroom.support.BrowserApp;
import io.streamroom.support.Pages;
import io.streamroom.support.TelnetClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The page in real headless Chromium, next to telnet users, against the whole application. */
class WebPageBrowserIT {
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @RegisterExtension
  static final BrowserApp browsers = new BrowserApp(Map.of(Setting.RATE_MESSAGES, "1000"));

  private Page open(int width, int height) {
    return browsers.pages().open(width, height);
  }

  private Page registered(String name) {
    Page page = browsers.pages().registered(name);
    connected(page);
    return page;
  }

  private static void connected(Page page) {
    assertThat(page.locator("#connection")).hasAttribute("data-state", "connected");
    assertThat(page.locator("#channel-list li[data-channel='#lobby']")).hasClass(java.util.regex.Pattern.compile("current"));
  }

  private static Locator message(Page page, String text) {
    return page.locator("#messages .message .text", new Page.LocatorOptions().setHasText(text));
  }

  private static void send(Page page, String text) {
    Pages.send(page, text);
  }

  @Test
  void twoBrowserUsersAndATelnetUserShareAChannel() {
    Page ann = registered("annweb");
    Page ben = registered("benweb");
    try (TelnetClient cat = browsers.app().user("catterm")) {
      send(ann, "hello from ann's browser");
      assertThat(message(ben, "hello from ann's browser")).isVisible();
      cat.expect("annweb: hello from ann's browser");

      cat.send("hello from the terminal");
      assertThat(message(ann, "hello from the terminal")).isVisible();
      assertThat(message(ben, "hello from the terminal")).isVisible();
      Locator line = ann.locator("#messages .message", new Page.LocatorOptions().setHasText("hello from the terminal"));
      assertThat(line.locator(".from")).hasText("catterm");
      assertTrue(line.locator(".time").textContent().matches("\\d\\d:\\d\\d"), line.locator(".time").textContent());

      send(ben, "and from ben");
      cat.expect("benweb: and from ben");
      assertThat(ann.locator("#users li[data-user='catterm']")).isVisible();
      assertThat(ann.locator("#users li[data-user='benweb'] .status")).hasText("online");
      ann.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("chat.png")));
    }
  }

  @Test
  void aNewUserCreatesAChannelAndChatsWithATelnetUserThere() {
    Page page = registered("creator");
    page.fill("#new-channel-name", "garden");
    page.fill("#new-channel-topic", "plants and such");
    page.click("#new-channel-btn");
    assertThat(page.locator("#channel-list li[data-channel='#garden']")).hasClass(java.util.regex.Pattern.compile("current"));
    assertThat(page.locator("#current-channel")).hasText("#garden");
    try (TelnetClient gardener = browsers.app().user("gardener")) {
      gardener.send("/register gardener-password");
      gardener.expect("is now your account");
      gardener.send("/join #garden");
      gardener.expect("You joined #garden. Here: creator, gardener");
      assertThat(page.locator("#users li[data-user='gardener']")).isVisible();
      send(page, "welcome to my garden");
      gardener.expect("creator: welcome to my garden");
      gardener.send("thanks, nice roses");
      assertThat(message(page, "thanks, nice roses")).isVisible();
    }
  }

  @Test
  void aVisitorsSendIsRefusedVisibly() {
    Page page = open(1200, 800);
    page.fill("#visitor-name", "justlooking");
    page.click("#visitor-btn");
    connected(page);
    send(page, "may I speak?");
    assertThat(page.locator("#send-error")).containsText("Visitors");
    assertThat(message(page, "may I speak?")).hasCount(0);
  }

  @Test
  void markupInMessagesShowsAsText() {
    Page page = registered("xsswatch");
    try (TelnetClient mallory = browsers.app().user("mallory")) {
      String attack = "<img src=x onerror=alert(1)><b>bold?</b>";
      mallory.send(attack);
      assertThat(message(page, "onerror")).hasText(attack);
      assertEquals(0, page.locator("#messages img, #messages b").count());
    }
  }

  @Test
  void scrollingUpLoadsOlderHistory() {
    try (TelnetClient writer = browsers.app().user("historian")) {
      writer.send("/join #annals");
      writer.expect("You joined #annals");
      for (int i = 1; i <= 90; i++) writer.send("entry " + i);
      writer.expect("historian: entry 90");
    }
    Page page = registered("reader");
    page.click("#channel-list li[data-channel='#annals']");
    assertThat(message(page, "entry 90")).isVisible();
    int before = page.locator("#messages .message").count();
    assertTrue(before < 90, "only the latest history at first: " + before);
    for (int i = 0; i < 5 && page.locator("#messages .message").count() < 90; i++) {
      page.locator("#messages").evaluate("el => el.scrollTop = 0");
      page.waitForTimeout(300);
    }
    assertThat(page.locator("#messages .message")).hasCount(90);
    assertThat(page.locator("#messages .message .text").first()).hasText("entry 1");
    List<String> ids = page.locator("#messages .message").evaluateAll("els => els.map(e => e.dataset.id)").toString()
        .lines().toList();
    assertEquals(90, new HashSet<>(page.locator("#messages .message").all().stream()
        .map(m -> m.getAttribute("data-id")).toList()).size(), "no message twice: " + ids.size());
  }

  @Test
  void indicatorFollowsAServerRestartAndMissedMessagesArrive() {
    Page page = registered("steadfast");
    browsers.app().close();
    assertThat(page.locator("#connection")).hasAttribute("data-state", "reconnecting");
    browsers.startAgain();
    try (TelnetClient talker = browsers.app().user("restarter")) {
      talker.send("said while you were away");
      talker.expect("restarter: said while you were away");
      assertThat(page.locator("#connection")).hasAttribute("data-state", "connected",
          new com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions().setTimeout(20_000));
      assertThat(message(page, "said while you were away")).isVisible();
    }
  }

  @Test
  void usableOnAPhoneSizedScreen() {
    Page page = open(360, 740);
    page.fill("#username", "phoneuser");
    page.fill("#password", "phoneuser-password");
    page.click("#register-btn");
    connected(page);
    send(page, "typed on a phone " + "with a very long word: " + "x".repeat(120));
    assertThat(message(page, "typed on a phone")).isVisible();
    Number overflow = (Number) page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
    assertTrue(overflow.intValue() <= 0, "no sideways scrolling at 360 px: " + overflow);
    assertTrue(page.locator("#message-input").isVisible());
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("phone.png")));
  }
}
