package io.streamroom.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * The {@code X-Streamroom-Signature} header: {@code sha256=<hex HMAC-SHA256 of the raw body, keyed with the hook's
 * secret>}, as GitHub signs its webhooks, so receivers can check it with any HMAC library.
 */
public final class WebhookSignature {
  public static final String HEADER = "X-Streamroom-Signature";
  private static final String ALGORITHM = "HmacSHA256";

  private WebhookSignature() {}

  public static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
