package io.streamroom.it;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import io.streamroom.support.ApiClient;
import io.streamroom.support.TelnetClient;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A channel on the page in real headless Chromium: mentions, its topic and clearing, going live, and its deletion. */
class ChannelPageBrowserIT extends PageModerationFixture {
  @Test
  void mentionsAreHighlightedForTheMentionedUserOnlyAndOnlyHttpLinksAreClickable() {
    Page ann = registered("mentann");
    Page ben = registered("mentben");
    try (TelnetClient cat = browsers.app().user("mentcat")) {
      cat.send("hey @MentAnn, see https://example.com/a?b=1&c=2. Not javascript:alert(1) nor data:text/html,hi");
      Locator forAnn = message(ann, "hey @MentAnn");
      Locator forBen = message(ben, "hey @MentAnn");
      assertThat(forAnn).hasClass(Pattern.compile("\\bmentioned\\b"));
      assertThat(forBen).not().hasClass(Pattern.compile("\\bmentioned\\b"));
      assertThat(forAnn.locator(".mention")).hasText("@MentAnn");
      assertThat(forBen.locator(".mention")).hasText("@MentAnn");
      ann.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("mention.png")));

      Locator links = forBen.locator("a");
      assertThat(links).hasCount(1);
      assertThat(links).hasAttribute("href", "https://example.com/a?b=1&c=2");
      assertThat(links).hasAttribute("rel", "noopener noreferrer");
      assertThat(links).hasAttribute("target", "_blank");
      assertThat(links).hasText("https://example.com/a?b=1&c=2");
      assertThat(forBen.locator(".text")).hasText(
          "hey @MentAnn, see https://example.com/a?b=1&c=2. Not javascript:alert(1) nor data:text/html,hi");

      cat.send("<a href=\"javascript:alert(2)\">click</a> http://<b>x</b>");
      Locator markup = message(ben, "click</a>");
      assertThat(markup.locator(".text")).hasText("<a href=\"javascript:alert(2)\">click</a> http://<b>x</b>");
      assertEquals(0, ben.locator("#messages b, #messages a[href^='javascript'], #messages a[href^='data']").count());
    }
  }

  @Test
  void aDeletedChannelSendsItsMembersBackToTheLobby() {
    Page owner = registered("shedowner");
    createChannel(owner, "shed");
    Page member = registered("shedmember");
    open(member, "#shed");
    send(member, "nice shed");
    assertThat(message(owner, "nice shed")).isVisible();

    ApiClient.Response answer = new ApiClient(browsers.app().httpPort()).delete("/api/channels/shed", token(owner));
    assertEquals(200, answer.status(), answer.body());
    for (Page page : List.of(owner, member)) {
      assertThat(page.locator("#current-channel")).hasText("#lobby");
      assertThat(notice(page, "#shed was deleted by shedowner")).hasCount(1);
      assertThat(page.locator("#channel-list li[data-channel='#shed']")).hasCount(0);
    }
  }

  @Test
  void clearAndTopicReachEveryPage() {
    Page owner = registered("roomowner");
    createChannel(owner, "room");
    Page guest = registered("roomguest");
    open(guest, "#room");
    send(guest, "first words");
    send(owner, "second words");
    assertThat(message(guest, "second words")).isVisible();

    send(owner, "/topic all about rooms");
    assertThat(guest.locator("#channel-topic")).hasText("all about rooms");
    assertThat(guest.locator("#channel-list li[data-channel='#room'] button")).hasAttribute("title", "all about rooms");

    send(owner, "/clear");
    assertThat(guest.locator("#messages .message")).hasCount(0);
    assertThat(notice(guest, "Chat cleared by roomowner")).isVisible();
    send(owner, "after the clear");
    assertThat(message(guest, "after the clear")).isVisible();

    guest.reload(); // history leaves the cleared messages out
    assertThat(guest.locator("#connection")).hasAttribute("data-state", "connected");
    open(guest, "#room");
    assertThat(message(guest, "after the clear")).isVisible();
    assertThat(message(guest, "first words")).hasCount(0);

    // Slash commands are checked on the page; a plain user is refused by the server.
    send(guest, "/slow");
    assertThat(guest.locator("#send-error")).hasText("Usage: /slow <seconds>|off");
    send(guest, "/clear");
    assertThat(guest.locator("#send-error")).containsText("Only moderators of #room");
    assertThat(message(guest, "after the clear")).isVisible();
  }

  @Test
  void joiningALiveChannelSaysSo() {
    Page streamer = registered("livestreamer");
    streamer.context().grantPermissions(List.of("camera"));
    createChannel(streamer, "onair");
    streamer.click("#go-live-btn");
    assertThat(streamer.locator("#live-badge")).isVisible();

    Page viewer = registered("liveviewer");
    open(viewer, "#onair");
    assertThat(notice(viewer, "#onair is live now (livestreamer's webcam)")).isVisible();
    streamer.click("#go-live-btn"); // stop
    assertThat(notice(viewer, "The live stream in #onair stopped")).isVisible();
  }

  /** The REST deletion reaches pages too, and history answers for the deleter's token. */}
