package io.streamroom.it;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.streamroom.config.Setting;
import io.streamroom.support.ApiClient;
import io.streamroom.support.BrowserApp;
import io.streamroom.support.Conversations;
import io.streamroom.support.MediaClient;
import io.streamroom.support.TelnetClient;
import io.streamroom.support.TestMedia;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static io.streamroom.support.Conversations.awaitKeys;
import static io.streamroom.support.Conversations.line;
import static io.streamroom.support.Conversations.signIn;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Voice and video messages recorded in real headless Chromium: its fake camera, and a microphone that
 * plays a 440 Hz tone this test writes. Each browser context is a device of its own.
 */
class VoiceVideoMessagesBrowserIT {
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final long QUOTA = 4L * 1024 * 1024;
  private static final byte[] WEBM_MAGIC = {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3}; // EBML: what MediaRecorder's WebM starts with
  private static ApiClient api;
  private static String looker;

  @RegisterExtension
  static final BrowserApp browsers = new BrowserApp(Map.of(Setting.MEDIA_QUOTA_BYTES, String.valueOf(QUOTA)),
      () -> List.of("--use-file-for-fake-audio-capture=" + TestMedia.toneWav(30))); // a microphone that plays a known tone

  @BeforeAll
  static void start() {
    api = new ApiClient(browsers.app().httpPort());
    looker = api.register("reclooker", "reclooker-password");
  }

  @Test
  void voiceAndVideoMessagesInAChannelAreRecordedWithACountdownAndPlayedInline() throws Exception {
    Page alice = browsers.pages().registered("recalice");
    Page bob = browsers.pages().registered("recbob");
    try (TelnetClient terminal = browsers.app().user("recterm")) {
      record(alice, "#voice-btn", "#recorder", 2000);
      Locator voice = bob.locator("#messages .message[data-from='recalice'] .media.voice");
      assertThat(voice.locator(".duration")).hasText(Pattern.compile("0:0[1-3]"));
      assertThat(alice.locator("#messages .message.mine .media.voice audio")).hasCount(1);
      assertThat(alice.locator("#recorder")).isHidden();
      terminal.expect(l -> l.matches("recalice sent a voice message \\(0:0[1-3]\\): http://\\S+/media/[0-9a-f-]{36}"), "the link on telnet");

      // What Bob's page plays is the tone the microphone heard.
      double[] sound = listen(bob, "#messages .media.voice audio");
      assertEquals(440, sound[0], 25, "the dominant frequency of the recording");
      assertTrue(sound[1] > 0.01, "not silent: rms " + sound[1]); // the tone is at -21 dBFS (rms 0.088) before the browser's processing

      record(alice, "#video-btn", "#recorder", 2000);
      Locator video = bob.locator("#messages .message[data-from='recalice'] .media.video video");
      assertThat(video).hasAttribute("poster", Pattern.compile("^data:image/jpeg;base64,"));
      assertTrue((int) video.evaluate("v => v.videoWidth") > 0, "the video has a picture");
      bob.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("voice-video-channel.png")));

      // Channel recordings are stored as recorded: WebM files under the data dir.
      for (Row row : browsers.app().query("SELECT id, encrypted, content_type FROM media WHERE owner = 'recalice' ORDER BY created")) {
        assertFalse(row.getBoolean("encrypted"));
        assertTrue(row.getString("content_type").matches("(audio|video)/webm"), row.getString("content_type"));
        assertArrayEquals(WEBM_MAGIC, head(row.getUUID("id")));
      }
    }
  }

  @Test
  void recordingStopsAtTheLimitAndWhatTheServerRefusesIsSaidClearly() {
    String token = api.register("reclimit", "reclimit-password");
    Page page = signIn(browsers.pages().open(1200, 800), "reclimit", "#login-btn");
    page.click("#voice-btn");
    assertThat(page.locator("#recorder")).hasAttribute("data-state", "recording");
    assertThat(page.locator("#recorder .recorder-time")).containsText("s left");
    assertThat(page.locator("#recorder")).hasAttribute("data-state", "ready", new com.microsoft.playwright.assertions
        .LocatorAssertions.HasAttributeOptions().setTimeout(14_000));
    assertThat(page.locator("#recorder .recorder-status")).hasText("Stopped at the 10 s limit.");
    page.click("#recorder [data-action='send']");
    assertThat(page.locator("#messages .message.mine .media.voice .duration")).hasText(Pattern.compile("0:(09|10)"));

    // Over the account's quota: the server's answer is shown, and the recording waits to be sent again.
    long used = browsers.app().query("SELECT sum(size) AS used FROM media WHERE owner = 'reclimit'").iterator().next().getLong("used");
    byte[] filler = new byte[(int) (QUOTA - used - 5_000)]; // 5 kB left: less than any video
    assertEquals(201, new MediaClient(browsers.app().httpPort()).upload(filler, "application/octet-stream", token,
        "X-Media-Kind", "voice", "X-Media-Duration-Ms", "1000").status());
    page.click("#video-btn");
    assertThat(page.locator("#recorder")).hasAttribute("data-state", "recording");
    page.waitForTimeout(2000);
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("voice-video-recording.png")));
    page.click("#recorder [data-action='send']");
    assertThat(page.locator("#send-error")).containsText("Your voice and video messages use ");
    assertThat(page.locator("#send-error")).containsText("Deleting messages with recordings frees their space.");
    assertThat(page.locator("#recorder")).hasAttribute("data-state", "ready");
    page.click("#recorder [data-action='cancel']");
    assertThat(page.locator("#recorder")).isHidden();

    // A visitor may listen but not record.
    Page visitor = browsers.pages().open(1200, 800);
    visitor.fill("#visitor-name", "reclistener");
    visitor.click("#visitor-btn");
    assertThat(visitor.locator("#messages .media.voice")).not().hasCount(0);
    visitor.click("#voice-btn");
    visitor.waitForTimeout(500);
    visitor.click("#recorder [data-action='send']");
    assertThat(visitor.locator("#send-error")).hasText("Visitors cannot send voice or video messages.");
  }

  @Test
  void directVoiceAndVideoMessagesAreEncryptedForEveryDeviceAndTheServerKeepsOnlyCiphertext() throws Exception {
    Page ann = signIn(browsers.pages().open(1200, 800), "recann", "#register-btn");
    Page ben = signIn(browsers.pages().open(1200, 800), "recben", "#register-btn");
    Page benTablet = signIn(browsers.pages().open(1200, 800), "recben", "#login-btn");
    awaitKeys(api, looker, "recben", 2);
    String secret = "the spare key is under the blue pot";
    Conversations.start(ann, "recben");
    assertThat(ann.locator("#dm-security")).hasAttribute("data-state", "e2e");
    Conversations.send(ann, secret);
    assertThat(line(ann, secret)).isVisible();
    record(ann, "#dm-voice-btn", "#dm-recorder", 2000);
    record(ann, "#dm-video-btn", "#dm-recorder", 2000);
    assertThat(ann.locator("#dm-messages .media")).hasCount(2);

    for (Page reader : List.of(ben, benTablet)) {
      Conversations.open(reader, "recann");
      assertThat(line(reader, secret)).isVisible();
      Locator voice = reader.locator("#dm-messages .media.voice audio");
      assertThat(voice).hasAttribute("src", Pattern.compile("^blob:")); // fetched and decrypted in the page
      assertThat(reader.locator("#dm-messages .media.voice .duration")).hasText(Pattern.compile("0:0[1-3]"));
      reader.waitForFunction("a => a.readyState >= 1 && !a.error", voice.elementHandle());
      Locator video = reader.locator("#dm-messages .media.video video");
      assertThat(video).hasAttribute("poster", Pattern.compile("^data:image/jpeg;base64,"));
      assertTrue((int) video.evaluate("v => v.videoWidth") > 0, "the decrypted video has a picture");
      assertThat(reader.locator("#dm-messages .media-error")).hasCount(0);
    }
    benTablet.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("voice-video-direct.png")));

    // Ann's own browser reads her recordings again after a reload, from the envelopes made for it.
    ann.reload();
    assertThat(ann.locator("#connection")).hasAttribute("data-state", "connected");
    Conversations.open(ann, "recben");
    assertThat(ann.locator("#dm-messages .media video")).hasAttribute("poster", Pattern.compile("^data:image/jpeg"));
    assertThat(ann.locator("#dm-messages .unreadable")).hasCount(0);

    // The server holds ciphertext only: no text in the messages, recordings that are not WebM.
    RowSet<Row> messages = browsers.app().query("SELECT body FROM messages WHERE lower(sender) = 'recann' AND recipient IS NOT NULL");
    assertEquals(3, messages.size());
    for (Row row : messages) {
      String body = row.getString("body");
      for (String plain : List.of(secret, "spare key", "voice", "video", "webm")) assertFalse(body.contains(plain), body);
    }
    RowSet<Row> recordings = browsers.app().query("SELECT id, encrypted, content_type, message_id FROM media WHERE owner = 'recann'");
    assertEquals(2, recordings.size());
    for (Row row : recordings) {
      assertTrue(row.getBoolean("encrypted"));
      assertEquals("application/octet-stream", row.getString("content_type"));
      assertTrue(row.getLong("message_id") != null, "attached to its message");
      assertFalse(Arrays.equals(WEBM_MAGIC, head(row.getUUID("id"))), "an encrypted recording does not look like WebM");
    }
  }

  /** Records with the button for `millis`, sends, and waits until it is sent. */
  private static void record(Page page, String button, String panel, long millis) {
    page.click(button);
    assertThat(page.locator(panel)).hasAttribute("data-state", "recording");
    page.waitForTimeout(millis);
    page.click(panel + " [data-action='send']");
    assertThat(page.locator(panel)).isHidden();
  }

  /**
   * Decodes the recording the player at `selector` plays and measures it: {dominant frequency (zero
   * crossings), rms} over a second from 0.3 s in.
   */
  private static double[] listen(Page page, String selector) {
    Object result = page.evaluate("async (selector) => {"
        + "const bytes = await (await fetch(document.querySelector(selector).src)).arrayBuffer();"
        + "const audio = await new OfflineAudioContext(1, 48000, 48000).decodeAudioData(bytes);"
        + "const data = audio.getChannelData(0); const from = Math.floor(0.3 * audio.sampleRate);"
        + "const to = Math.min(data.length, from + audio.sampleRate); let crossings = 0, sum = 0;"
        + "for (let i = from + 1; i < to; i++) { if ((data[i - 1] < 0) !== (data[i] < 0)) crossings++; sum += data[i] * data[i]; }"
        + "const seconds = (to - from) / audio.sampleRate;"
        + "return [crossings / 2 / seconds, Math.sqrt(sum / (to - from))]; }", selector);
    List<?> values = (List<?>) result;
    return new double[] {((Number) values.get(0)).doubleValue(), ((Number) values.get(1)).doubleValue()};
  }

  /** The first bytes of a stored recording's file. */
  private static byte[] head(UUID id) throws IOException {
    try (InputStream in = Files.newInputStream(browsers.app().config.path(Setting.DATA_DIR).resolve("media").resolve(id.toString()))) {
      return in.readNBytes(4);
    }
  }

}
