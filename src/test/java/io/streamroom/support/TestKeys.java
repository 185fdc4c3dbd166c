package io.streamroom.support;

import io.vertx.core.json.JsonObject;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/** Device keys as a browser would publish them. */
public final class TestKeys {
  private TestKeys() {}

  /** A fresh P-256 public key as WebCrypto exports it. */
  public static JsonObject newJwk() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      ECPublicKey key = (ECPublicKey) generator.generateKeyPair().getPublic();
      return new JsonObject().put("kty", "EC").put("crv", "P-256").put("ext", true)
          .put("x", coordinate(key.getW().getAffineX())).put("y", coordinate(key.getW().getAffineY()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String coordinate(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] fixed = new byte[32];
    int copy = Math.min(32, raw.length);
    System.arraycopy(raw, raw.length - copy, fixed, 32 - copy, copy);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
  }
}
