package io.streamroom.webhook;

import io.streamroom.config.ConfigException;
import io.streamroom.config.Setting;

import java.util.ArrayList;
import java.util.List;

/**
 * STREAMROOM_WEBHOOKS: comma-separated hooks, each {@code <secret>@<url>}, optionally followed by a space and
 * {@code messages} for one that also gets every chat message, e.g.
 * {@code s3cret-of-16-chars@https://ops.example.org/hook, other-secret-1234@http://10.0.0.5:9000/in messages}.
 * The URL starts at the first {@code @http://} or {@code @https://}, so a secret may hold any other character but
 * spaces and commas. Errors name the hook by position, never quote its secret.
 */
final class HookSetting {
  static final String MESSAGES = "messages";

  private HookSetting() {}

  static List<Hook> parse(String value) {
    List<Hook> hooks = new ArrayList<>();
    int position = 0;
    for (String entry : value.split(",")) {
      if (entry.isBlank()) continue;
      position++;
      String[] words = entry.trim().split("\\s+");
      int at = urlStart(words[0]);
      if (at < 0) throw problem(position, "must be <secret>@<http(s) URL>");
      String secret = words[0].substring(0, at);
      String url = words[0].substring(at + 1);
      String secretProblem = Hook.secretProblem(secret);
      if (secretProblem != null) throw problem(position, secretProblem);
      String urlProblem = Hook.urlProblem(url);
      if (urlProblem != null) throw problem(position, urlProblem);
      boolean messages = false;
      for (int i = 1; i < words.length; i++) {
        if (!words[i].equals(MESSAGES)) throw problem(position, "unknown option '" + words[i] + "' (only '" + MESSAGES + "')");
        messages = true;
      }
      hooks.add(new Hook("setting-" + position, null, url, secret, messages));
    }
    return hooks;
  }

  private static int urlStart(String word) {
    int http = word.indexOf("@http://");
    int https = word.indexOf("@https://");
    if (http < 0) return https;
    return https < 0 ? http : Math.min(http, https);
  }

  private static ConfigException problem(int position, String what) {
    return ConfigException.of(Setting.WEBHOOKS, "hook " + position + ": " + what);
  }
}
