package io.streamroom.webhook;

import io.streamroom.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** STREAMROOM_WEBHOOKS as an operator writes it, and the signature a receiver checks. */
class HookSettingTest {
  @Test
  void hooksAreSecretAtUrlWithMessagesAsAnOption() {
    List<Hook> hooks = HookSetting.parse(" a-secret-with-@-in-it@https://ops.example.org/hook?token=x ,"
        + "another-secret-123@http://10.0.0.5:9000/in messages, ");
    assertEquals(2, hooks.size());
    assertEquals("a-secret-with-@-in-it", hooks.get(0).secret());
    assertEquals("https://ops.example.org/hook?token=x", hooks.get(0).url());
    assertEquals("https://ops.example.org/hook?…", hooks.get(0).shownUrl(), "logs leave the query out");
    assertFalse(hooks.get(0).messages());
    assertTrue(hooks.get(1).messages());
    assertEquals(List.of(), HookSetting.parse(""));
  }

  @Test
  void aBadHookIsNamedByPositionWithoutItsSecret() {
    assertEquals("STREAMROOM_WEBHOOKS (webhooks): hook 2: a secret has at least 16 characters",
        problem("long-enough-secret-1@http://a/b, tiny@http://c/d"));
    assertEquals("STREAMROOM_WEBHOOKS (webhooks): hook 1: must be <secret>@<http(s) URL>", problem("http://a/b"));
    assertEquals("STREAMROOM_WEBHOOKS (webhooks): hook 1: unknown option 'everything' (only 'messages')",
        problem("long-enough-secret-1@http://a/b everything"));
    assertEquals("STREAMROOM_WEBHOOKS (webhooks): hook 1: the URL has no host", problem("long-enough-secret-1@http:///b"));
    assertFalse(problem("short-secret@http://a/b").contains("short-secret"));
  }

  @Test
  void theSignatureIsTheHexHmacSha256OfTheBody() {
    // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?"
    assertEquals("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        WebhookSignature.sign("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)));
  }

  private static String problem(String setting) {
    return assertThrows(ConfigException.class, () -> HookSetting.parse(setting)).getMessage();
  }
}
