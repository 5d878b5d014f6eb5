package org.chargebay.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jspecify.annotations.Nullable;

/**
 * Maps every failure of an API call to a JSON {@link ApiError} with its status. The codes are
 * stable: {@code bad_request} (400), {@code unknown_bay} and {@code not_found} (404), {@code
 * method_not_allowed} (405), {@code not_acceptable} (406), {@code start_refused} and {@code
 * refused} (409), {@code payload_too_large} (413), {@code unsupported_media_type} (415), {@code
 * internal_error} (500), {@code bay_busy}, {@code journal_unavailable} and {@code interrupted}
 * (503); {@code http_<status>} for any other refusal of the HTTP layer.
 */
public class ErrorMappers {
  private static final Logger LOG = Logger.getLogger(ErrorMappers.class.getName());

  /** Longest piece of the request (a path, a header) echoed back in a reason. */
  private static final int ECHO_MAX_CHARS = 200;

  static Response error(Response.Status status, String code, String reason) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(new ApiError(code, reason))
        .build();
  }

  /** A refusal to throw from resource code; {@link #web} answers it as it is. */
  static WebApplicationException refusal(Response.Status status, String code, String reason) {
    return new WebApplicationException(reason, error(status, code, reason));
  }

  /** {@code text} cut to {@value #ECHO_MAX_CHARS} characters, for echoing request parts. */
  static String echo(String text) {
    return text.length() <= ECHO_MAX_CHARS ? text : text.substring(0, ECHO_MAX_CHARS) + "...";
  }

  /**
   * The request's values broke a rule checked in code (a profile that does not tighten, a value
   * with more than three decimals); the message names the field.
   */
  @ServerExceptionMapper
  public Response badArgument(IllegalArgumentException e) {
    return error(
        Response.Status.BAD_REQUEST,
        "bad_request",
        e.getMessage() == null ? "a value of the request is invalid" : e.getMessage());
  }

  @ServerExceptionMapper
  public Response notFound(NotFoundException e, ContainerRequestContext request) {
    return error(
        Response.Status.NOT_FOUND,
        "not_found",
        "no such resource: " + request.getMethod() + " " + echo(path(request)));
  }

  @ServerExceptionMapper
  public Response notAllowed(NotAllowedException e, ContainerRequestContext request) {
    Set<String> allowed = new TreeSet<>(e.getResponse().getAllowedMethods());
    allowed.addAll(AllowedMethods.of(path(request)));
    Response.ResponseBuilder b =
        Response.status(Response.Status.METHOD_NOT_ALLOWED)
            .type(MediaType.APPLICATION_JSON)
            .entity(
                new ApiError(
                    "method_not_allowed",
                    request.getMethod()
                        + " is not allowed on "
                        + echo(path(request))
                        + "; allowed: "
                        + String.join(", ", allowed)));
    if (!allowed.isEmpty()) {
      b.allow(allowed);
    }
    return b.build();
  }

  @ServerExceptionMapper
  public Response notAcceptable(NotAcceptableException e, ContainerRequestContext request) {
    return error(
        Response.Status.NOT_ACCEPTABLE,
        "not_acceptable",
        "the API answers application/json only; the request accepts "
            + echo(headerOrNone(request, HttpHeaders.ACCEPT)));
  }

  @ServerExceptionMapper
  public Response notSupported(NotSupportedException e, ContainerRequestContext request) {
    return error(
        Response.Status.UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
        "the body must be application/json; the request's Content-Type is "
            + echo(headerOrNone(request, HttpHeaders.CONTENT_TYPE)));
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    Response r = e.getResponse();
    if (r.hasEntity() && r.getEntity() instanceof ApiError) {
      return r;
    }
    int code = r.getStatus();
    Response.Status status = Response.Status.fromStatusCode(code);
    String error =
        switch (code) {
          case 400 -> "bad_request";
          case 404 -> "not_found";
          case 405 -> "method_not_allowed";
          case 406 -> "not_acceptable";
          case 413 -> "payload_too_large";
          case 415 -> "unsupported_media_type";
          default -> "http_" + code;
        };
    String reason;
    if (e.getCause() instanceof JsonProcessingException j) {
      reason = "the body is not valid JSON: " + j.getOriginalMessage();
    } else {
      reason = e.getMessage() == null ? "request refused" : e.getMessage();
    }
    return error(status == null ? Response.Status.BAD_REQUEST : status, error, reason);
  }

  /**
   * Anything else is a fault inside chargebay: logged with its stack trace, answered without it.
   * Checked exceptions included, so that none reaches the client as a non-JSON error page.
   */
  @ServerExceptionMapper
  public Response unexpected(Exception e) {
    LOG.log(Level.SEVERE, "unexpected API error", e);
    return error(
        Response.Status.INTERNAL_SERVER_ERROR,
        "internal_error",
        "the request failed inside chargebay; the log has the details");
  }

  private static String path(ContainerRequestContext request) {
    return "/" + request.getUriInfo().getPath().replaceFirst("^/+", "");
  }

  private static String headerOrNone(ContainerRequestContext request, String name) {
    @Nullable String value = request.getHeaderString(name);
    return value == null || value.isBlank() ? "(none)" : "'" + value + "'";
  }
}
