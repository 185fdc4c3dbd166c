package io.streamroom.support;

import io.streamroom.config.Setting;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A browser test class's set-up: Chromium and the app, started once for the class, and fresh pages for
 * each test, checked for Content-Security-Policy violations when they close. Register it with
 * {@code @RegisterExtension static final BrowserApp browsers = new BrowserApp(Map.of(...));}.
 */
public final class BrowserApp implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private final Map<Setting, String> settings;
  private final Supplier<List<String>> browserArgs;
  private Browser browser;
  private TestApp app;
  private Pages pages;

  public BrowserApp(Map<Setting, String> settings) {
    this(settings, List::of);
  }

  /** @param browserArgs more Chromium flags, computed when the class starts (they may need files made then) */
  public BrowserApp(Map<Setting, String> settings, Supplier<List<String>> browserArgs) {
    this.settings = settings;
    this.browserArgs = browserArgs;
  }

  public TestApp app() {
    return app;
  }

  public Pages pages() {
    return pages;
  }

  /** After a test closed the app: the same app (port, data dir) again, as after a server restart. */
  public void startAgain() {
    app = TestApp.start(app.config);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    browser = Browser.start(browserArgs.get());
    app = TestApp.start(settings);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (app != null) app.close();
    if (browser != null) browser.close();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    pages = new Pages(browser, app.httpPort());
  }

  @Override
  public void afterEach(ExtensionContext context) {
    pages.close();
  }
}
