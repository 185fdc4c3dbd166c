package io.streamroom.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.hashing.HashingStrategy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/** Salted PBKDF2 password hashes, computed on worker threads because each one takes a good fraction of a second. */
public final class PasswordHasher {
  /** OWASP's 2023 figure for PBKDF2-HMAC-SHA512: slow enough to make guessing expensive. */
  private static final String ITERATIONS = "210000";
  private static final int SALT_BYTES = 16;

  private final Vertx vertx;
  private final HashingStrategy strategy = HashingStrategy.load();
  private final SecureRandom random = new SecureRandom();

  public PasswordHasher(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<String> hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    String encodedSalt = Base64.getEncoder().withoutPadding().encodeToString(salt);
    // ordered=false: hashes for different users run in parallel on the worker pool
    return vertx.executeBlocking(() -> strategy.hash("pbkdf2", Map.of("it", ITERATIONS), encodedSalt, password), false);
  }

  public Future<Boolean> verify(String hash, String password) {
    return vertx.executeBlocking(() -> strategy.verify(hash, password), false);
  }
}
