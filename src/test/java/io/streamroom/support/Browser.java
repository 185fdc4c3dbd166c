package io.streamroom.support;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's headless Chromium driven by Playwright. Nothing is downloaded: Playwright's own browsers are
 * skipped and /usr/bin/chromium (installed by .ci/run) is used, with the flags that keep it off the network.
 */
public final class Browser implements AutoCloseable {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  private final Playwright playwright;
  public final com.microsoft.playwright.Browser chromium;

  private Browser(List<String> extraArgs) {
    playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    List<String> args = new java.util.ArrayList<>(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        // a synthetic webcam and microphone, and no permission prompt, for going live and recording from the page
        "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
        // WebRTC between pages: real host candidates (not mDNS names, which nothing here resolves)
        "--disable-features=WebRtcHideLocalIpsWithMdns",
        // A viewer who opens a live stream has asked to watch it: play its sound as a click would allow.
        "--autoplay-policy=no-user-gesture-required"));
    args.addAll(extraArgs);
    chromium = playwright.chromium().launch(new BrowserType.LaunchOptions()
        .setExecutablePath(CHROMIUM)
        .setHeadless(true)
        .setArgs(args));
  }

  /** Starts Chromium, or skips the test where it is not installed (never on CI, where it must be). */
  public static Browser start() {
    return start(List.of());
  }

  /** Chromium with more flags, e.g. {@code --use-file-for-fake-audio-capture=<wav>} for a microphone that plays a known sound. */
  public static Browser start(List<String> extraArgs) {
    boolean present = Files.isExecutable(CHROMIUM);
    if (!present && "true".equals(System.getenv("CI"))) throw new AssertionError(CHROMIUM + " is missing: .ci/run installs it");
    assumeTrue(present, CHROMIUM + " is not installed (apt-get install chromium)");
    return new Browser(extraArgs);
  }

  /**
   * Every Content-Security-Policy violation in this context's pages, as "directive blocked-uri" (the page's
   * securitypolicyviolation events, passed out through the console). A working page has none.
   */
  public static List<String> cspViolations(BrowserContext context) {
    List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();
    context.addInitScript("document.addEventListener('securitypolicyviolation', "
        + "e => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber))");
    context.onConsoleMessage(message -> {
      if (message.text().contains("CSP violation") || message.text().contains("Content Security Policy")) {
        violations.add(message.text());
      }
    });
    return violations;
  }

  @Override
  public void close() {
    chromium.close();
    playwright.close();
  }
}
