package io.streamroom.auth;

import io.streamroom.config.Config;
import io.streamroom.config.ConfigException;
import io.streamroom.config.Setting;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Signed login tokens (JWT, HS256) carrying who the holder is ({@code sub}) and their role. The secret is
 * configured, or generated on first start and kept in {@code <data dir>/jwt-secret} so tokens survive a
 * restart.
 */
public final class TokenService {
  /** 256 bits, the HS256 key size. */
  private static final int SECRET_BYTES = 32;

  /** WebSocket close code for a missing, forged or expired token (4000-4999 are for applications). */
  public static final short CLOSE_UNAUTHORIZED = 4401;

  /** Who a valid token speaks for. {@code role} is user, admin or visitor; expiry in epoch seconds. */
  public record Holder(String name, String role, long expiresAt) {
    public boolean visitor() {
      return "visitor".equals(role);
    }
  }

  private final JWTAuth jwt;
  private final int expirySeconds;

  private TokenService(JWTAuth jwt, int expirySeconds) {
    this.jwt = jwt;
    this.expirySeconds = expirySeconds;
  }

  /** Reads or creates the secret: blocking file I/O, so call it on a worker thread. */
  public static TokenService create(Vertx vertx, Config config) {
    String secret = config.string(Setting.JWT_SECRET);
    if (secret.isEmpty()) secret = storedSecret(config.path(Setting.DATA_DIR).resolve("jwt-secret"));
    JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret)));
    return new TokenService(jwt, config.integer(Setting.TOKEN_HOURS) * 3600);
  }

  private static String storedSecret(Path file) {
    try {
      if (Files.exists(file)) return Files.readString(file).trim();
      Files.createDirectories(file.getParent());
      byte[] bytes = new byte[SECRET_BYTES];
      new SecureRandom().nextBytes(bytes);
      String secret = Base64.getEncoder().encodeToString(bytes);
      // Created owner-only from the start, so the secret is never readable by others, even briefly.
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, secret);
      return secret;
    } catch (IOException | UnsupportedOperationException e) {
      throw ConfigException.of(Setting.JWT_SECRET, "cannot read or create " + file + " (" + e.getMessage() + ")");
    }
  }

  public String issue(String name, String role) {
    return jwt.generateToken(new JsonObject().put("sub", name).put("role", role),
        new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds(expirySeconds));
  }

  /** @return the holder, or a failed future for a missing, forged or expired token */
  public Future<Holder> verify(String token) {
    if (token == null || token.isBlank()) return Future.failedFuture("missing token");
    return jwt.authenticate(new TokenCredentials(token)).map(user -> {
      JsonObject claims = user.principal();
      String name = claims.getString("sub");
      String role = claims.getString("role");
      if (name == null || role == null) throw new IllegalArgumentException("token without sub or role");
      // The principal holds the claims we put in; the standard ones (exp) are among the attributes.
      return new Holder(name, role, user.attributes().getLong("exp", 0L));
    });
  }
}
