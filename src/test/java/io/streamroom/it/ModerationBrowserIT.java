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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Moderation on the page in real headless Chromium, next to telnet users, against the whole application. */
class ModerationBrowserIT extends PageModerationFixture {
  @Test
  void aDeletionOnThePageVanishesFromASecondBrowserAndFromHistory() {
    Page ann = registered("delann");
    Page ben = registered("delben");
    try (TelnetClient cat = browsers.app().user("delcat")) {
      send(ann, "a message I regret");
      send(ann, "a message I keep");
      assertThat(message(ben, "a message I regret")).isVisible();
      assertThat(message(ben, "a message I keep")).isVisible();
      String id = message(ann, "a message I regret").getAttribute("data-id");

      Locator regret = message(ann, "a message I regret");
      regret.hover();
      action(regret, "delete").click();

      assertThat(message(ben, "a message I regret")).hasCount(0);
      assertThat(message(ann, "a message I regret")).hasCount(0);
      assertThat(message(ben, "a message I keep")).isVisible();
      cat.expect("Message " + id + " was deleted by delann");

      ApiClient api = new ApiClient(browsers.app().httpPort());
      String history = api.get("/api/channels/lobby/messages?limit=100", token(ben)).body();
      assertTrue(history.contains("a message I keep"), history);
      assertFalse(history.contains("a message I regret"), "deleted messages leave the history: " + history);

      ben.reload();
      assertThat(ben.locator("#connection")).hasAttribute("data-state", "connected");
      assertThat(message(ben, "a message I keep")).isVisible();
      assertThat(message(ben, "a message I regret")).hasCount(0);
    }
  }

  @Test
  void aPageModeratorTimesOutATelnetUser() {
    Page owner = registered("arenaboss");
    createChannel(owner, "arena");
    try (TelnetClient tim = telnetAccount("timterm", "#arena")) {
      tim.send("buy cheap stuff now");
      Locator spam = message(owner, "buy cheap stuff now");
      spam.hover();
      action(spam, "timeout").click();

      tim.expect("timterm was timed out in #arena for 600 s by arenaboss");
      assertThat(notice(owner, "timterm was timed out in #arena for 10 min by arenaboss")).isVisible();
      tim.send("more cheap stuff");
      tim.expect("! You are timed out in #arena for");
      assertThat(message(owner, "more cheap stuff")).hasCount(0);
    }
  }

  @Test
  void aTelnetModeratorTimesOutAWebUser() {
    Page owner = registered("courtowner");
    createChannel(owner, "court");
    try (TelnetClient judge = telnetAccount("judgeterm", "#court")) {
      send(owner, "/mod judgeterm"); // the page's slash command
      judge.expect("judgeterm is now a moderator of #court (by courtowner)");
      assertThat(owner.locator("#users li[data-user='judgeterm'] .badge")).hasText("moderator");

      Page web = registered("webdefendant");
      open(web, "#court");
      send(web, "objection!");
      judge.expect("webdefendant: objection!");

      judge.send("/timeout webdefendant 120 contempt of court");
      judge.expect("webdefendant cannot talk in #court for 120 s");
      assertThat(notice(web, "You were timed out in #court for 2 min by judgeterm: contempt of court")).isVisible();
      send(web, "but your honour");
      assertThat(web.locator("#send-error")).containsText("You are timed out in #court for");
      assertThat(web.locator("#message-input")).hasValue("but your honour"); // kept, to send later
      judge.expectNo("but your honour", java.time.Duration.ofMillis(500));

      // A moderator cannot time out the owner.
      judge.send("/timeout courtowner");
      judge.expect("! courtowner moderates #court at your rank or above.");
    }
  }

  @Test
  void theMemberListShowsRolesInTheChannel() {
    Page owner = registered("hallowner");
    createChannel(owner, "hall");
    Page mod = registered("hallmod");
    open(mod, "#hall");
    Page plain = registered("hallplain");
    open(plain, "#hall");
    send(owner, "/mod hallmod");
    assertThat(notice(mod, "You are now a moderator of #hall (by hallowner)")).isVisible();

    for (Page page : List.of(owner, mod, plain)) {
      assertThat(page.locator("#users li[data-user='hallowner'] .badge")).hasText("owner");
      assertThat(page.locator("#users li[data-user='hallmod'] .badge")).hasText("moderator");
      assertThat(page.locator("#users li[data-user='hallplain']")).isVisible();
      assertThat(page.locator("#users li[data-user='hallplain'] .badge")).hasCount(0);
      assertThat(page.locator("#users li[data-user='hallplain'] .status")).hasText("online");
    }
    // The owner and moderators are listed first.
    assertEquals(List.of("hallowner", "hallmod", "hallplain"),
        owner.locator("#users li").evaluateAll("items => items.map(i => i.dataset.user)"));
    // Roles are per channel: #lobby has no owner.
    open(plain, "#lobby");
    assertThat(plain.locator("#users li[data-user='hallowner']")).isVisible();
    assertThat(plain.locator("#users li[data-user='hallowner'] .badge")).hasCount(0);
    owner.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("members.png")));
  }

  @Test
  void hoverActionsAreOfferedOnlyToThoseAllowed() {
    Page owner = registered("stageowner");
    createChannel(owner, "stage");
    Page mod = registered("stagemod");
    open(mod, "#stage");
    Page plain = registered("stageplain");
    open(plain, "#stage");
    send(owner, "/mod stagemod");
    assertThat(notice(plain, "stagemod is now a moderator of #stage")).isVisible();
    assertThat(notice(mod, "You are now a moderator of #stage")).isVisible();
    send(owner, "owner speaking");
    send(mod, "moderator speaking");
    send(plain, "plain speaking");
    for (Page page : List.of(owner, mod, plain)) assertThat(message(page, "plain speaking")).isVisible();

    // A plain user: delete on their own message only, nothing on others'.
    Locator own = message(plain, "plain speaking");
    assertThat(action(own, "delete")).isHidden(); // until the pointer or focus is on the message
    own.hover();
    assertThat(action(own, "delete")).isVisible();
    assertThat(action(own, "delete")).hasAttribute("aria-label", "Delete this message from stageplain");
    assertThat(own.locator("button")).hasCount(1);
    assertThat(message(plain, "owner speaking").locator("button")).hasCount(0);
    assertThat(message(plain, "moderator speaking").locator("button")).hasCount(0);

    // A moderator: delete everywhere, timeout and ban on plain users, nothing to use on the owner but delete.
    Locator plainForMod = message(mod, "plain speaking");
    assertEquals(List.of("delete", "timeout", "ban"), plainForMod.locator("button").evaluateAll("bs => bs.map(b => b.dataset.action)"));
    assertEquals(List.of("delete"), message(mod, "owner speaking").locator("button").evaluateAll("bs => bs.map(b => b.dataset.action)"));
    assertEquals(List.of("delete"), message(mod, "moderator speaking").locator("button").evaluateAll("bs => bs.map(b => b.dataset.action)"));
    // The owner: timeout and ban on the moderator too.
    assertEquals(List.of("delete", "timeout", "ban"), message(owner, "moderator speaking").locator("button").evaluateAll("bs => bs.map(b => b.dataset.action)"));

    // Keyboard: focus on the message shows its buttons, and Tab reaches them.
    plainForMod.focus();
    assertThat(action(plainForMod, "timeout")).isVisible();
    mod.keyboard().press("Tab");
    assertThat(action(plainForMod, "delete")).isFocused();
    mod.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("message-actions.png")));

    // What the page cannot tell, the server refuses, and the page says why.
    send(mod, "/timeout stageowner");
    assertThat(mod.locator("#send-error")).hasText("stageowner moderates #stage at your rank or above.");

    // Removing the moderator takes the buttons away at once.
    send(owner, "/unmod stagemod");
    assertThat(notice(mod, "You are no longer a moderator of #stage")).isVisible();
    assertThat(message(mod, "plain speaking").locator("button")).hasCount(0);
    assertThat(message(mod, "moderator speaking").locator("button[data-action='delete']")).hasCount(1);
  }

  @Test
  void aBanAsksOnceMoreThenTakesTheUserOutOfTheChannel() {
    Page owner = registered("clubowner");
    createChannel(owner, "club");
    Page rowdy = registered("clubrowdy");
    open(rowdy, "#club");
    send(rowdy, "I am trouble");
    Locator line = message(owner, "I am trouble");
    line.hover();
    Locator ban = action(line, "ban");
    ban.click();
    assertThat(ban).hasText("Ban clubrowdy?");
    assertThat(rowdy.locator("#current-channel")).hasText("#club"); // not yet
    ban.click();

    assertThat(rowdy.locator("#current-channel")).hasText("#lobby");
    assertThat(notice(rowdy, "You were banned from #club by clubowner")).isVisible();
    assertThat(rowdy.locator("#channel-list li[data-channel='#club']")).not().hasClass(Pattern.compile("\\bjoined\\b"));
    assertThat(notice(owner, "clubrowdy was banned from #club by clubowner")).isVisible();
    assertThat(owner.locator("#users li[data-user='clubrowdy']")).hasCount(0);

    rowdy.click("#channel-list li[data-channel='#club'] button");
    assertThat(rowdy.locator("#send-error")).containsText("You are banned from #club");
    assertThat(rowdy.locator("#current-channel")).hasText("#lobby");
  }

  @Test
  void aRestDeletionReachesThePage() {
    Page ann = registered("restann");
    String token = token(ann);
    send(ann, "deleted over REST");
    Locator line = message(ann, "deleted over REST");
    assertThat(line).isVisible();
    String id = line.getAttribute("data-id");
    ApiClient api = new ApiClient(browsers.app().httpPort());
    ApiClient.Response answer = api.delete("/api/channels/lobby/messages/" + id, token);
    assertEquals(200, answer.status(), answer.body());
    assertEquals("#lobby", answer.json().getString("channel"));
    assertEquals(Long.parseLong(id), answer.json().getLong("id"));
    assertThat(message(ann, "deleted over REST")).hasCount(0);
  }
}
