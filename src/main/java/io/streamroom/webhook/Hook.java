package io.streamroom.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * One webhook: where events go, the secret that signs them, and whether it also wants every chat message.
 * {@code id} is the stored row's, null for a hook from the STREAMROOM_WEBHOOKS setting (those are
 * numbered by position in {@code key}).
 */
record Hook(String key, Long id, String url, String secret, boolean messages) {
  /** Long enough that it cannot be guessed; the setting's syntax keeps spaces and commas out. */
  static final int MIN_SECRET_LENGTH = 16;
  private static final int GENERATED_SECRET_BYTES = 32;

  /** The URL's reason to be refused, or null for a usable one: absolute http(s) with a host. */
  static String urlProblem(String url) {
    if (url == null || url.isBlank()) return "a webhook needs a URL";
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) return "the URL must start with http:// or https://";
      if (uri.getHost() == null) return "the URL has no host";
      if (uri.getPort() > 65535) return "the URL's port is over 65535";
      return null;
    } catch (URISyntaxException e) {
      return "not a URL: " + e.getReason();
    }
  }

  /** The secret's reason to be refused, or null for a usable one. Never quotes the secret. */
  static String secretProblem(String secret) {
    if (secret == null || secret.length() < MIN_SECRET_LENGTH) return "a secret has at least " + MIN_SECRET_LENGTH + " characters";
    if (secret.chars().anyMatch(c -> c == ',' || Character.isWhitespace(c) || Character.isISOControl(c))) {
      return "a secret has no spaces, commas or control characters";
    }
    return null;
  }

  static String newSecret() {
    byte[] bytes = new byte[GENERATED_SECRET_BYTES];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** The URL without its query, for logs and lists: a token in the query string stays out of them. */
  String shownUrl() {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query) + "?…";
  }
}
