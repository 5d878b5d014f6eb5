package org.chargebay.app;

import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jspecify.annotations.Nullable;

/**
 * Refusals decided on the request line and headers alone, before the request is matched to a
 * method; without them the answer would depend on what the framework checks first.
 */
public class ApiRequestFilters {
  @Inject BayRegistry registry;

  /**
   * 404 {@code unknown_bay} for any request under {@code /api/bays/{id}} whose bay is not
   * configured, whatever the method, content type or body (else 405, 415 or 400 for a bay that does
   * not exist).
   */
  @ServerRequestFilter(preMatching = true, priority = Priorities.USER - 100)
  public @Nullable Response unknownBay(ContainerRequestContext request) {
    List<String> segments = apiSegments(request);
    if (segments.size() < 3 || !segments.get(1).equals("bays")) {
      return null;
    }
    String id = segments.get(2);
    if (segments.size() == 3 && id.equals(BayStreamsResource.ALL_BAYS_STREAM)) {
      return null; // GET /api/bays/stream: every bay's status
    }
    if (id.isEmpty() || registry.bay(id).isPresent()) {
      return null;
    }
    return BaysResource.unknownBay(registry, id);
  }

  /**
   * 415 for an API request whose {@code Content-Type} is not a media type at all; the framework
   * would answer a bare 400 while matching.
   */
  @ServerRequestFilter(preMatching = true, priority = Priorities.USER)
  public @Nullable Response malformedContentType(ContainerRequestContext request) {
    String contentType = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
    if (contentType == null || apiSegments(request).isEmpty()) {
      return null;
    }
    try {
      MediaType.valueOf(contentType);
      return null;
    } catch (IllegalArgumentException e) {
      return ErrorMappers.error(
          Response.Status.UNSUPPORTED_MEDIA_TYPE,
          "unsupported_media_type",
          "the Content-Type '"
              + ErrorMappers.echo(contentType)
              + "' is not a media type; a body must be application/json");
    }
  }

  /** The decoded path segments from {@code api} on, or none when the path is not under /api. */
  private static List<String> apiSegments(ContainerRequestContext request) {
    List<String> segments =
        request.getUriInfo().getPathSegments(true).stream()
            .map(PathSegment::getPath)
            .dropWhile(String::isEmpty)
            .toList();
    return !segments.isEmpty() && segments.get(0).equals("api") ? segments : List.of();
  }
}
