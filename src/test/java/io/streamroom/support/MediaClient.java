package io.streamroom.support;

import io.streamroom.support.ApiClient.Response;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

/** Voice and video messages as the page sends and fetches them: real HTTP, bodies as bytes. */
public final class MediaClient {
  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;
  private final ApiClient api;

  public MediaClient(int port) {
    this.base = "http://127.0.0.1:" + port;
    this.api = new ApiClient(port);
  }

  /** POST /api/media with a Content-Length; {@code headers} are name, value pairs. */
  public Response upload(Path file, String contentType, String token, String... headers) {
    return upload(read(file), contentType, token, headers);
  }

  public Response upload(byte[] body, String contentType, String token, String... headers) {
    return api.send(uploadRequest(contentType, token, headers).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** POST /api/media in chunks, without a Content-Length: the server learns the size as it reads. */
  public Response uploadChunked(byte[] body, String contentType, String token, String... headers) {
    return api.send(uploadRequest(contentType, token, headers)
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
  }

  /** GET (or HEAD) a path; {@code headers} are name, value pairs. */
  public HttpResponse<byte[]> fetch(String method, String path, String token, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) builder.header("Authorization", "Bearer " + token);
    for (int i = 0; i < headers.length; i += 2) builder.header(headers[i], headers[i + 1]);
    try {
      return http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public HttpResponse<byte[]> get(String path, String token, String... headers) {
    return fetch("GET", path, token, headers);
  }

  public static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private HttpRequest.Builder uploadRequest(String contentType, String token, String... headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + "/api/media")).header("Content-Type", contentType);
    if (token != null) builder.header("Authorization", "Bearer " + token);
    for (int i = 0; i < headers.length; i += 2) builder.header(headers[i], headers[i + 1]);
    return builder;
  }

}
