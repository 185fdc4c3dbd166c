package io.streamroom.chat;

import io.vertx.core.json.JsonObject;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECFieldFp;
import java.util.Base64;
import java.util.StringJoiner;

/**
 * A device's public key as a JWK (ECDH on P-256, as WebCrypto exports it): checked to be a real point on
 * the curve, reduced to its public fields, and given a fingerprint people can compare aloud.
 */
record DeviceKey(String x, String y) {
  private static final int COORDINATE_BYTES = 32;
  /** Six groups of five digits: what two people read to each other to compare a key (as Signal's safety numbers). */
  private static final int FINGERPRINT_GROUPS = 6;
  private static final ECParameterSpec P256 = p256();

  /** @throws ChatException BAD_KEY with what is wrong */
  static DeviceKey fromJwk(JsonObject jwk) {
    if (jwk == null) throw bad("publicKey must be a JWK object.");
    if (jwk.containsKey("d")) throw bad("That JWK holds a private key: publish only the public part.");
    if (!"EC".equals(jwk.getValue("kty")) || !"P-256".equals(jwk.getValue("crv"))) {
      throw bad("Keys are ECDH P-256: the JWK needs \"kty\": \"EC\" and \"crv\": \"P-256\".");
    }
    byte[] x = coordinate(jwk, "x");
    byte[] y = coordinate(jwk, "y");
    if (!onCurve(new BigInteger(1, x), new BigInteger(1, y))) throw bad("That point is not on the P-256 curve.");
    return new DeviceKey(encode(x), encode(y));
  }

  /** The public JWK, and nothing else the client may have sent along. */
  JsonObject jwk() {
    return new JsonObject().put("kty", "EC").put("crv", "P-256").put("x", x).put("y", y);
  }

  /**
   * SHA-256 of the uncompressed point (0x04 || x || y, what WebCrypto's "raw" export gives), each 5-byte
   * slice as a number mod 100000: "12345 67890 ...". The page computes the same from the key it encrypts with.
   */
  String fingerprint() {
    byte[] hash;
    try {
      hash = MessageDigest.getInstance("SHA-256").digest(ByteBuffer.allocate(1 + 2 * COORDINATE_BYTES)
          .put((byte) 4).put(decode(x)).put(decode(y)).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
    StringJoiner groups = new StringJoiner(" ");
    for (int g = 0; g < FINGERPRINT_GROUPS; g++) {
      long value = 0;
      for (int i = 0; i < 5; i++) value = (value << 8) | (hash[g * 5 + i] & 0xff);
      groups.add(String.format("%05d", value % 100_000));
    }
    return groups.toString();
  }

  private static byte[] coordinate(JsonObject jwk, String name) {
    if (!(jwk.getValue(name) instanceof String text)) throw bad("The JWK has no \"" + name + "\".");
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw bad("\"" + name + "\" is not base64url.");
    }
    if (bytes.length != COORDINATE_BYTES) throw bad("\"" + name + "\" must be 32 bytes.");
    return bytes;
  }

  /** y² = x³ + ax + b (mod p), with both coordinates below p. */
  private static boolean onCurve(BigInteger x, BigInteger y) {
    BigInteger p = ((ECFieldFp) P256.getCurve().getField()).getP();
    if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) return false;
    BigInteger left = y.modPow(BigInteger.TWO, p);
    BigInteger right = x.pow(3).add(P256.getCurve().getA().multiply(x)).add(P256.getCurve().getB()).mod(p);
    return left.equals(right);
  }

  private static ECParameterSpec p256() {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("P-256 is part of every JDK", e);
    }
  }

  private static String encode(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private static byte[] decode(String text) {
    return Base64.getUrlDecoder().decode(text);
  }

  private static ChatException bad(String message) {
    return new ChatException(ErrorCode.BAD_KEY, message);
  }
}
