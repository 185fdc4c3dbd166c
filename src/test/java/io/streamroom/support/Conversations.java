package io.streamroom.support;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.vertx.core.json.JsonArray;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Direct-message conversations on the page, as a person uses them: sign in, start or open one, write, find a line. */
public final class Conversations {
  private Conversations() {}

  /** Signs `name` in (password: name + "-password") with the register or login button; waits for the direct-message list. */
  public static Page signIn(Page page, String name, String button) {
    page.fill("#username", name);
    page.fill("#password", name + "-password");
    page.click(button);
    assertThat(page.locator("#connection")).hasAttribute("data-state", "connected");
    assertThat(page.locator("#dm-section")).isVisible();
    return page;
  }

  /** Waits until the account has this many published device keys (each browser publishes its own on sign-in). */
  public static JsonArray awaitKeys(ApiClient api, String looker, String name, int count) {
    long deadline = System.currentTimeMillis() + 10_000;
    while (true) {
      JsonArray keys = api.get("/api/users/" + name + "/keys", looker).array();
      if (keys.size() == count) return keys;
      assertTrue(System.currentTimeMillis() < deadline, name + " should have " + count + " keys: " + keys);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  public static void start(Page page, String name) {
    page.fill("#new-dm-name", name);
    page.click("#new-dm-btn");
    assertThat(page.locator("#dm-with")).hasText(name);
  }

  public static void open(Page page, String name) {
    page.click("#dm-list li[data-conversation='" + name + "'] button");
    assertThat(page.locator("#dm-with")).hasText(name);
  }

  public static void send(Page page, String text) {
    page.fill("#dm-input", text);
    page.press("#dm-input", "Enter");
  }

  /** The line of a direct message, found by its text (or its placeholder). */
  public static Locator line(Page page, String text) {
    return page.locator("#dm-messages .message", new Page.LocatorOptions().setHasText(text));
  }

  public static Locator listed(Page page, String name) {
    return page.locator("#dm-list li[data-conversation='" + name + "']");
  }
}
