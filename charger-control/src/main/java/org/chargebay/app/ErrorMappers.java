package org.chargebay.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Maps every failure of an API call to a JSON {@link ApiError}. */
public class ErrorMappers {
  private static final Logger LOG = Logger.getLogger(ErrorMappers.class.getName());

  static Response error(Response.Status status, String code, String reason) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(new ApiError(code, reason))
        .build();
  }

  @ServerExceptionMapper
  public Response badJson(JsonProcessingException e) {
    return error(
        Response.Status.BAD_REQUEST, "bad_request", "the body is not valid JSON: " + e.getOriginalMessage());
  }

  @ServerExceptionMapper
  public Response badArgument(IllegalArgumentException e) {
    return error(Response.Status.BAD_REQUEST, "bad_request", e.getMessage());
  }

  @ServerExceptionMapper
  public Response notFound(NotFoundException e) {
    return error(Response.Status.NOT_FOUND, "not_found", "no such resource");
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

  @ServerExceptionMapper
  public Response unexpected(RuntimeException e) {
    LOG.log(Level.SEVERE, "unexpected API error", e);
    return error(
        Response.Status.INTERNAL_SERVER_ERROR,
        "internal_error",
        "the request failed inside chargebay; the log has the details");
  }
}
