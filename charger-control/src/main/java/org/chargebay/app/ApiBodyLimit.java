package org.chargebay.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Refuses an API request whose declared {@code Content-Length} is over {@link JsonBodies#MAX_BYTES}
 * with a JSON 413, before the body reaches the application. It runs ahead of the HTTP layer's own
 * {@code quarkus.http.limits.max-body-size} check, which answers with an empty body. Bodies without
 * a declared length (chunked) are capped by {@link JsonBodies} as they are read.
 *
 * <p>Over HTTP/1 a body of up to {@link #DRAIN_MAX_BYTES} is read and dropped before answering:
 * closing a connection the client is still writing to makes its TCP stack discard the answer
 * (reset), and the client sees a broken connection instead of the 413. A larger declared body is
 * not worth reading: the answer goes out at once and the connection is closed.
 */
@ApplicationScoped
public class ApiBodyLimit {
  /** The most body read and dropped to deliver a 413 cleanly, in bytes. */
  static final long DRAIN_MAX_BYTES = 1024 * 1024;

  @Inject ObjectMapper mapper;

  void install(@Observes Router router) {
    router.route("/api/*").order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::check);
  }

  private void check(RoutingContext ctx) {
    long declared = declaredLength(ctx.request());
    if (declared <= JsonBodies.MAX_BYTES) {
      ctx.next();
      return;
    }
    String body;
    try {
      body =
          mapper.writeValueAsString(new ApiError("payload_too_large", JsonBodies.tooLargeReason()));
    } catch (JsonProcessingException e) {
      ctx.fail(e);
      return;
    }
    HttpServerRequest request = ctx.request();
    HttpServerResponse response =
        ctx.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
    if (request.version() == HttpVersion.HTTP_2) {
      response.end(body); // ends this stream only
    } else if (declared <= DRAIN_MAX_BYTES) {
      request.handler(dropped -> {});
      request.endHandler(v -> response.end(body));
      request.resume();
    } else {
      response
          .putHeader(HttpHeaders.CONNECTION, "close")
          .endHandler(v -> request.connection().close())
          .end(body);
    }
  }

  /** The request's Content-Length, -1 when absent or malformed (the HTTP codec refuses those). */
  private static long declaredLength(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length == null) {
      return -1;
    }
    try {
      return Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
