package org.chargebay.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Completes the generated OpenAPI document with what annotations would repeat on every method: the
 * {@link ApiError} responses each kind of call can get (see {@link ErrorMappers} and {@link
 * SecurityErrorMappers}) and the two ways to log in (HTTP Basic, the page's session cookie).
 */
public class ApiDocFilter implements OASFilter {
  private static final String ERROR_REF = "#/components/schemas/ApiError";

  @Override
  public void filterOpenAPI(OpenAPI api) {
    api.info(
        OASFactory.createInfo()
            .title("chargebay")
            .version(api.getInfo() == null ? "1" : api.getInfo().getVersion())
            .description(
                "Bay status, history, live streams and the operator's commands. Every error is"
                    + " JSON {\"error\": code, \"reason\": sentence}. Reading needs the viewer"
                    + " role (unless anonymous read is on), commands the operator role."));
    if (api.getComponents() == null) {
      api.components(OASFactory.createComponents());
    }
    api.getComponents()
        .addSchema(
            "ApiError",
            OASFactory.createSchema()
                .type(List.of(Schema.SchemaType.OBJECT))
                .addProperty(
                    "error", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)))
                .addProperty(
                    "reason", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)))
                .required(List.of("error", "reason")));
    api.getComponents()
        .addSecurityScheme(
            "basic",
            OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP)
                .scheme("basic")
                .description("A chargebay user (./chargebay users add)"))
        .addSecurityScheme(
            "page",
            OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.COOKIE)
                .name("chargebay_session")
                .description(
                    "The page's login (POST /api/session); changes also need the"
                        + " X-Chargebay-Page header"));
    if (api.getPaths() == null) {
      return;
    }
    for (Map.Entry<String, PathItem> p : api.getPaths().getPathItems().entrySet()) {
      String path = p.getKey();
      if (!path.startsWith("/api/")) {
        continue;
      }
      for (Map.Entry<PathItem.HttpMethod, Operation> o : p.getValue().getOperations().entrySet()) {
        complete(path, o.getKey(), o.getValue());
      }
    }
  }

  private static void complete(String path, PathItem.HttpMethod method, Operation op) {
    Map<String, String> errors = new LinkedHashMap<>();
    boolean session = path.equals("/api/session");
    boolean changes = method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD;
    if (session) {
      if (method == PathItem.HttpMethod.POST) {
        errors.put("400", "bad_request: no name or password, or a malformed body");
        errors.put("401", "login_failed: unknown user or wrong password");
        errors.put("429", "login_throttled: too many failed logins; see Retry-After");
      }
    } else {
      errors.put("401", "login_required or login_failed: no login, or a wrong one");
      errors.put("403", "forbidden: the login's role may not do this");
      errors.put("429", "login_throttled: too many failed logins; see Retry-After");
      op.setSecurity(
          List.of(
              OASFactory.createSecurityRequirement().addScheme("basic"),
              OASFactory.createSecurityRequirement().addScheme("page")));
    }
    if (path.contains("{id}")) {
      errors.put("404", "unknown_bay: no bay with this id (the reason lists the known ones)");
    }
    if (changes && !session) {
      errors.put("400", "bad_request: malformed or unknown body fields, a value not allowed");
      errors.put("409", "start_refused or refused: the bay refused the command");
      errors.put("413", "payload_too_large: a body over 16 KiB");
      errors.put("415", "unsupported_media_type: a body that is not application/json");
      errors.put("503", "bay_busy, journal_unavailable: the bay or the journal cannot take it now");
    } else if (!session && op.getParameters() != null && !op.getParameters().isEmpty()) {
      errors.put("400", "bad_request: a query parameter or header out of range");
    }
    errors.put("500", "internal_error: a fault inside chargebay");
    if (op.getResponses() == null) {
      op.responses(OASFactory.createAPIResponses());
    }
    // replaces the bare 401/403 that the security scan adds: every error has an ApiError body
    for (Map.Entry<String, String> e : errors.entrySet()) {
      op.getResponses().addAPIResponse(e.getKey(), error(e.getValue()));
    }
  }

  private static APIResponse error(String description) {
    return OASFactory.createAPIResponse()
        .description(description)
        .content(
            OASFactory.createContent()
                .addMediaType(
                    "application/json",
                    OASFactory.createMediaType().schema(OASFactory.createSchema().ref(ERROR_REF))));
  }
}
