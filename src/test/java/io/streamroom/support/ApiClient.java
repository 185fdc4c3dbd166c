package io.streamroom.support;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The REST API as a web client sees it: real HTTP requests, JSON in and out. */
public final class ApiClient {
  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  public record Response(int status, String body, HttpResponse<String> raw) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public JsonArray array() {
      return new JsonArray(body);
    }

    public String error() {
      return json().getString("error");
    }
  }

  public ApiClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public Response get(String path, String token) {
    return send(request(path, token).GET());
  }

  public Response post(String path, Object body, String token) {
    String text = body instanceof String s ? s : Json.encode(body);
    return send(request(path, token).header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(text)));
  }

  public Response delete(String path, String token) {
    return send(request(path, token).DELETE());
  }

  /** Any method, with a JSON body or none. */
  public Response send(String method, String path, Object body, String token) {
    HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.encode(body));
    return send(request(path, token).header("content-type", "application/json").method(method, publisher));
  }

  /** Registers an account and returns its token. */
  public String register(String name, String password) {
    Response r = post("/api/register", new JsonObject().put("username", name).put("password", password), null);
    if (r.status() != 201) throw new IllegalStateException("register " + name + ": " + r.status() + " " + r.body());
    return r.json().getString("token");
  }

  public String visitor(String name) {
    Response r = post("/api/visitor", new JsonObject().put("name", name), null);
    if (r.status() != 200) throw new IllegalStateException("visitor " + name + ": " + r.status() + " " + r.body());
    return r.json().getString("token");
  }

  private HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path));
    if (token != null) builder.header("Authorization", "Bearer " + token);
    return builder;
  }

  /** Sends any request (other clients build theirs and share this). */
  public Response send(HttpRequest.Builder builder) {
    try {
      HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
