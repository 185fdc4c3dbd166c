package io.streamroom.support;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The browser pages of one test, each in a context of its own (its own storage: a separate device), on
 * the app's page. Closing them checks that none broke the Content-Security-Policy; a page that opens a
 * dialog fails the test.
 */
public final class Pages implements AutoCloseable {
  private final Browser browser;
  private final int httpPort;
  private final List<BrowserContext> contexts = new ArrayList<>();
  private final List<String> cspViolations = new CopyOnWriteArrayList<>();

  public Pages(Browser browser, int httpPort) {
    this.browser = browser;
    this.httpPort = httpPort;
  }

  public Page open(int width, int height) {
    return open(width, height, null, page -> { });
  }

  /**
   * @param initScript run in the page before its own scripts (null for none)
   * @param beforeLoad sees the page before it loads (to watch its WebSockets from the start)
   */
  public Page open(int width, int height, String initScript, Consumer<Page> beforeLoad) {
    BrowserContext context = browser.chromium.newContext(new com.microsoft.playwright.Browser.NewContextOptions()
        .setViewportSize(width, height));
    contexts.add(context);
    List<String> violations = Browser.cspViolations(context);
    context.onClose(c -> cspViolations.addAll(violations));
    if (initScript != null) context.addInitScript(initScript);
    Page page = context.newPage();
    beforeLoad.accept(page);
    page.onDialog(dialog -> {
      throw new AssertionError("the page opened a dialog: " + dialog.message());
    });
    page.navigate("http://127.0.0.1:" + httpPort + "/");
    return page;
  }

  /** A new account registered from a fresh page (password: name + "-password"), connected and in #lobby. */
  public Page registered(String name) {
    return registered(name, null);
  }

  /** The same, with {@code initScript} run in the page before its own scripts. */
  public Page registered(String name, String initScript) {
    Page page = open(1200, 800, initScript, p -> { });
    page.fill("#username", name);
    page.fill("#password", name + "-password");
    page.click("#register-btn");
    assertThat(page.locator("#connection")).hasAttribute("data-state", "connected");
    assertThat(page.locator("#current-channel")).hasText("#lobby");
    return page;
  }

  public static void send(Page page, String text) {
    page.fill("#message-input", text);
    page.press("#message-input", "Enter");
  }

  @Override
  public void close() {
    contexts.forEach(BrowserContext::close);
    contexts.clear();
    assertEquals(List.of(), cspViolations, "the page works within its Content-Security-Policy");
  }
}
