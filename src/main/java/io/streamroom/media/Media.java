package io.streamroom.media;

import io.vertx.core.json.JsonObject;

import java.util.UUID;

/**
 * A stored voice or video message. {@code owner} is the account that uploaded it; {@code messageId} is
 * null until the message that carries it is sent. {@code contentType} is what it is served as
 * (application/octet-stream for an encrypted one, whose kind and duration are the sender's word).
 */
public record Media(UUID id, String owner, MediaKind kind, String contentType, long durationMs, long size,
                    boolean encrypted, Long messageId) {

  /** Where it is served. */
  public String url() {
    return urlOf(id.toString());
  }

  public static String urlOf(String id) {
    return "/media/" + id;
  }

  /** The upload's answer: {"id","url","kind","durationMs","size"}. */
  public JsonObject toJson() {
    return new JsonObject().put("id", id.toString()).put("url", url()).put("kind", kind.label())
        .put("durationMs", durationMs).put("size", size);
  }
}
