package org.chargebay.app;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.chargebay.auth.Role;
import org.chargebay.bay.BayRuntime;
import org.chargebay.events.BayDefinition;
import org.jspecify.annotations.Nullable;

/**
 * Bays added, changed and removed at runtime (an administrator's API). The configuration is kept in
 * the journal ({@code BayConfigured}, {@code BayRemoved}) and rebuilt on every start; bays of the
 * configuration file are listed but changed only in the file (the file wins over the journal for an
 * id in both). Administrators only; the acting user is the login (recorded in the events and the
 * audit trail), never a name in the body.
 */
@Path("/api/admin/bays")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Role.ADMIN_NAME)
public class BayAdminResource {
  private static final int MAX_TEXT_CHARS = 256;

  @Inject BayRegistry registry;
  @Inject ChargebayConfig config;
  @Inject SecurityIdentity identity;
  @Inject AuditTrail audit;

  /**
   * One running bay and where its configuration comes from.
   *
   * @param definition the recorded definition for a bay configured through the API, null for the
   *     configuration file's bays and the demo
   */
  public record BayConfigView(
      String id, BayRegistry.Source source, String phase, @Nullable BayDefinition definition) {}

  /** Why the bay is removed; the acting user is the login. */
  public record RemoveRequest(@Nullable String reason) {}

  @GET
  public List<BayConfigView> list() {
    Map<String, BayDefinition> api = registry.apiDefinitions();
    List<BayConfigView> out = new ArrayList<>();
    for (BayRuntime bay : registry.bays()) {
      BayRegistry.Source source = registry.source(bay.id()).orElse(BayRegistry.Source.API);
      out.add(
          new BayConfigView(
              bay.id(),
              source,
              bay.status().phase().name(),
              source == BayRegistry.Source.API ? api.get(bay.id()) : null));
    }
    return out;
  }

  /** Adds the bay (201) or replaces its configuration (200); it runs at once. */
  @PUT
  @Path("/{id}")
  public Response put(
      @PathParam("id") String id,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) @Nullable String contentType,
      InputStream body,
      @Context HttpServerRequest request) {
    Actor actor = Actor.of(identity, request);
    checkedId(id);
    BayDefinitions.BayRequest req =
        JsonBodies.read(body, contentType, BayDefinitions.BayRequest.class);
    BayDefinition definition = BayDefinitions.fromRequest(req, config.pollInterval().toMillis());
    BayRegistry.Configured done;
    try {
      done = registry.configure(id, definition, actor.name());
    } catch (RuntimeException e) {
      audit.record(actor, AuditTrail.BAY_CONFIGURE, id, "refused", oneLine(e.getMessage()));
      throw e;
    }
    audit.record(
        actor,
        AuditTrail.BAY_CONFIGURE,
        id,
        "done",
        done.name().toLowerCase(java.util.Locale.ROOT) + ": " + oneLine(definition.toString()));
    BayRuntime bay = registry.bay(id).orElseThrow();
    Map<String, Object> answer =
        Map.of(
            "id",
            id,
            "result",
            done.name().toLowerCase(java.util.Locale.ROOT),
            "pollIntervalMillis",
            bay.settings().pollInterval().toMillis(),
            "definition",
            definition);
    return Response.status(
            done == BayRegistry.Configured.ADDED ? Response.Status.CREATED : Response.Status.OK)
        .entity(answer)
        .build();
  }

  /** Removes a bay configured through the API; 409 while it has an open session. */
  @DELETE
  @Path("/{id}")
  public Response delete(
      @PathParam("id") String id,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) @Nullable String contentType,
      InputStream body,
      @Context HttpServerRequest request) {
    Actor actor = Actor.of(identity, request);
    RemoveRequest req = JsonBodies.read(body, contentType, RemoveRequest.class);
    String reason = text(req == null ? null : req.reason(), "reason", "removed through the API");
    List<String> actions;
    try {
      actions = registry.remove(id, actor.name(), reason);
    } catch (RuntimeException e) {
      audit.record(actor, AuditTrail.BAY_REMOVE, id, "refused", oneLine(e.getMessage()));
      throw e;
    }
    audit.record(actor, AuditTrail.BAY_REMOVE, id, "done", oneLine(reason + ", " + actions));
    return Response.ok(Map.of("id", id, "result", "removed", "actions", actions)).build();
  }

  private static String oneLine(@Nullable String text) {
    return text == null ? "" : text.replaceAll("\\p{Cntrl}", " ");
  }

  private static void checkedId(String id) {
    if (!id.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
      throw new IllegalArgumentException(
          "bay id '"
              + ErrorMappers.echo(id)
              + "' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
  }

  private static String text(@Nullable String value, String field, String fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    if (value.length() > MAX_TEXT_CHARS || value.codePoints().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(
          "field '"
              + field
              + "' must be at most "
              + MAX_TEXT_CHARS
              + " characters without control characters");
    }
    return value;
  }
}
