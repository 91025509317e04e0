package org.mlsmesh.control.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.mlsmesh.node.MlsNode;
import org.mlsmesh.node.NodeStatus;

/**
 * The HTTP side of the control listener (JDK {@code HttpServer}): {@code /metrics} (Prometheus text
 * format), {@code /health}, {@code /status} (the status page) and {@code /login} (the token, typed
 * once, becomes a session cookie for the status page). Everything but {@code /health} needs the
 * bearer token or the session cookie.
 */
public final class HttpEndpoints implements AutoCloseable {
  static final String COOKIE = "mlsmesh_control";
  private static final long READ_TIMEOUT_MILLIS = 5_000;
  private static final int MAX_FORM_BYTES = 4096;
  private static final String SECURITY_POLICY =
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self';"
          + " frame-ancestors 'none'";

  private final HttpServer server;
  private final ExecutorService executor;
  private final MlsNode node;
  private final EventLog events;
  private final PrometheusMeterRegistry registry;
  private final ControlToken token;
  private final Path tokenFile;
  private final long startedMillis;

  private HttpEndpoints(
      HttpServer server,
      MlsNode node,
      EventLog events,
      PrometheusMeterRegistry registry,
      ControlToken token,
      Path tokenFile,
      long startedMillis) {
    this.server = server;
    this.node = node;
    this.events = events;
    this.registry = registry;
    this.token = token;
    this.tokenFile = tokenFile;
    this.startedMillis = startedMillis;
    this.executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "mlsmesh-control-http");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /** Binds {@code address} and serves; {@link #close()} stops. */
  public static HttpEndpoints start(
      InetSocketAddress address,
      MlsNode node,
      EventLog events,
      PrometheusMeterRegistry registry,
      ControlToken token,
      Path tokenFile,
      long startedMillis)
      throws IOException {
    HttpServer server = HttpServer.create(address, 16);
    HttpEndpoints endpoints =
        new HttpEndpoints(
            server,
            Objects.requireNonNull(node, "node"),
            Objects.requireNonNull(events, "events"),
            Objects.requireNonNull(registry, "registry"),
            Objects.requireNonNull(token, "token"),
            Objects.requireNonNull(tokenFile, "tokenFile"),
            startedMillis);
    server.start();
    return endpoints;
  }

  /** The port bound. */
  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      switch (path) {
        case "/health" -> health(exchange);
        case "/metrics" -> {
          if (authorized(exchange)) {
            send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
          } else {
            refuse(exchange);
          }
        }
        case "/status" -> {
          if (authorized(exchange)) {
            send(exchange, 200, "text/html; charset=utf-8", statusPage());
          } else {
            send(exchange, 401, "text/html; charset=utf-8", LoginPage.render(tokenFile, false));
          }
        }
        case "/login" -> {
          if ("POST".equals(method)) {
            login(exchange);
          } else {
            send(exchange, 405, "text/plain; charset=utf-8", "POST the form of /status\n");
          }
        }
        case "/" -> {
          exchange.getResponseHeaders().set("Location", "/status");
          send(exchange, 303, "text/plain; charset=utf-8", "see /status\n");
        }
        default ->
            send(
                exchange,
                404,
                "text/plain; charset=utf-8",
                "no such page: /metrics, /health and /status are served here\n");
      }
    }
  }

  private void health(HttpExchange exchange) throws IOException {
    String json;
    int code;
    if (node.whenStopped().toCompletableFuture().isDone()) {
      code = 503;
      json = "{\"status\":\"DOWN\",\"reason\":\"the node stopped\"}";
    } else {
      try {
        NodeStatus status =
            node.status().toCompletableFuture().get(READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        code = 200;
        json = "{\"status\":\"UP\",\"peers_linked\":" + status.peersLinked() + "}";
      } catch (TimeoutException e) {
        code = 503;
        json = "{\"status\":\"DOWN\",\"reason\":\"the node did not answer within 5 s\"}";
      } catch (ExecutionException e) {
        code = 503;
        json = "{\"status\":\"DOWN\",\"reason\":\"the node failed to answer\"}";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        code = 503;
        json = "{\"status\":\"DOWN\",\"reason\":\"interrupted\"}";
      }
    }
    send(exchange, code, "application/json", json + "\n");
  }

  private String statusPage() {
    try {
      return StatusPage.render(
          StatusSnapshot.read(node, events, registry, startedMillis, READ_TIMEOUT_MILLIS));
    } catch (TimeoutException | ExecutionException e) {
      return "<!DOCTYPE html><title>MLS Mesh node</title><p>The node did not answer: "
          + Html.escape(String.valueOf(e.getMessage()))
          + "</p>";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "<!DOCTYPE html><title>MLS Mesh node</title><p>Interrupted.</p>";
    }
  }

  private void login(HttpExchange exchange) throws IOException {
    String presented = formField(exchange.getRequestBody(), "token");
    if (token.matches(presented)) {
      exchange
          .getResponseHeaders()
          .add(
              "Set-Cookie",
              COOKIE + "=" + token.sessionCookie() + "; Path=/; HttpOnly; SameSite=Strict");
      exchange.getResponseHeaders().set("Location", "/status");
      send(exchange, 303, "text/plain; charset=utf-8", "see /status\n");
    } else {
      send(exchange, 401, "text/html; charset=utf-8", LoginPage.render(tokenFile, true));
    }
  }

  private boolean authorized(HttpExchange exchange) {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization != null
        && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        && token.matches(authorization.substring(7))) {
      return true;
    }
    for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())) {
      for (String cookie : header.split(";")) {
        String[] pair = cookie.strip().split("=", 2);
        if (pair.length == 2 && pair[0].equals(COOKIE) && token.matchesSessionCookie(pair[1])) {
          return true;
        }
      }
    }
    return false;
  }

  private void refuse(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"mlsmesh-control\"");
    send(
        exchange,
        401,
        "text/plain; charset=utf-8",
        "send 'Authorization: Bearer TOKEN' with the token in " + tokenFile + "\n");
  }

  /** The value of {@code name} in an url-encoded form, read within {@link #MAX_FORM_BYTES}. */
  private static String formField(InputStream body, String name) throws IOException {
    byte[] raw = body.readNBytes(MAX_FORM_BYTES);
    for (String pair : new String(raw, StandardCharsets.US_ASCII).split("&")) {
      String[] kv = pair.split("=", 2);
      if (kv.length == 2 && kv[0].equals(name)) {
        try {
          return URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
    }
    return null;
  }

  private static void send(HttpExchange exchange, int code, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
    exchange.getResponseHeaders().set("Content-Security-Policy", SECURITY_POLICY);
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
