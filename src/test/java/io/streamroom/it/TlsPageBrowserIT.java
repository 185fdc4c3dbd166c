package io.streamroom.it;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.streamroom.config.Setting;
import io.streamroom.support.Browser;
import io.streamroom.support.Pages;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestApp;
import io.streamroom.support.TestCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The page as a person on another machine opens it: at this machine's network address, not localhost, where
 * only HTTPS makes a secure context (which the camera, the microphone and encryption need). Chromium is told
 * to accept the throwaway certificate, as a person would click through its warning.
 */
class TlsPageBrowserIT {
  private static String address;
  private static Browser browser;

  @BeforeAll
  static void start() {
    address = networkAddress();
    assumeTrue(address != null, "this machine has no network address besides loopback");
    browser = Browser.start(List.of("--ignore-certificate-errors"));
  }

  @AfterAll
  static void stop() {
    if (browser != null) browser.close();
  }

  @Test
  void overHttpsThePageIsASecureContextAndChatsOverWss() {
    TestCertificate certificate = TestCertificate.make();
    try (TestApp app = TestApp.start(Map.of(Setting.HOST, "0.0.0.0", Setting.TLS_CERT, certificate.cert().toString(),
             Setting.TLS_KEY, certificate.key().toString(), Setting.TLS_CHAT_PORT, "0"));
         BrowserContext context = browser.chromium.newContext()) {
      Page page = context.newPage();
      List<String> sockets = new CopyOnWriteArrayList<>();
      page.onWebSocket(socket -> sockets.add(socket.url()));
      page.navigate("https://" + address + ":" + app.httpPort() + "/");
      assertEquals(true, page.evaluate("window.isSecureContext"));
      assertEquals(true, page.evaluate("typeof navigator.mediaDevices?.getUserMedia === 'function'"), "the camera can be asked for");

      page.fill("#username", "secpage");
      page.fill("#password", "secpage-password");
      page.click("#register-btn");
      assertThat(page.locator("#connection")).hasAttribute("data-state", "connected");
      try (TelnetClient telnet = app.user("plainpete")) {
        telnet.send("hello to the secure page");
        assertThat(message(page, "hello to the secure page")).isVisible();
        Pages.send(page, "and back over wss");
        telnet.expect("and back over wss");
      }
      String bridge = "wss://" + address + ":" + app.httpPort() + "/eventbus/";
      assertTrue(sockets.stream().anyMatch(url -> url.startsWith(bridge)), "the bridge over " + bridge + ": " + sockets);
    }
  }

  @Test
  void overPlainHttpTheSameAddressIsNotSecure() {
    try (TestApp app = TestApp.start(Map.of(Setting.HOST, "0.0.0.0"));
         BrowserContext context = browser.chromium.newContext()) {
      Page page = context.newPage();
      page.navigate("http://" + address + ":" + app.httpPort() + "/");
      assertEquals(false, page.evaluate("window.isSecureContext"));
      assertEquals(false, page.evaluate("typeof navigator.mediaDevices?.getUserMedia === 'function'"));
    }
  }

  private static Locator message(Page page, String text) {
    return page.locator("#messages .message .text", new Page.LocatorOptions().setHasText(text));
  }

  /** An IPv4 address of this machine other than loopback, or null. */
  private static String networkAddress() {
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback()) continue;
        for (InetAddress a : Collections.list(nic.getInetAddresses())) {
          if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) return a.getHostAddress();
        }
      }
      return null;
    } catch (SocketException e) {
      return null;
    }
  }
}
