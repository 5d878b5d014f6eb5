package org.chargebay.app;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
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
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.chargebay.auth.Role;
import org.chargebay.bay.BayRuntime;
import org.chargebay.events.DepartureSet;
import org.chargebay.site.KafkaSiteAllocations;
import org.chargebay.site.LocalSitePlanner;
import org.jspecify.annotations.Nullable;

/**
 * {@code PUT /api/bays/{id}/departure {"at": "2026-12-06T06:00:00Z", "targetSocPct": 90}}
 * (operator): when the pack on the bay leaves and the state of charge it must have by then. It is
 * recorded in the journal (it survives a restart), audited, and the site is replanned at once.
 * Needs a site ({@code chargebay.site.cap-kw}, or {@code chargebay.site.kafka.enabled=true}: the
 * departure then travels with the bay's report to the site's planner, which plans the next slot
 * with it); without one: 409.
 */
@Path("/api/bays/{id}/departure")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Role.OPERATOR_NAME)
public class DepartureResource {
  static final String AUDIT_ACTION = "departure_set";

  @Inject BayRegistry registry;
  @Inject SiteService site;
  @Inject SecurityIdentity identity;
  @Inject AuditTrail audit;

  /**
   * A departure.
   *
   * @param at an ISO-8601 instant, after now and at most 7 days ahead
   * @param targetSocPct the state of charge wanted then, 1..100 (100 when absent)
   */
  public record DepartureRequest(@Nullable String at, @Nullable Integer targetSocPct) {}

  @PUT
  public Response set(
      @PathParam("id") String id,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) @Nullable String contentType,
      InputStream body,
      @Context HttpServerRequest request) {
    Actor actor = Actor.of(identity, request);
    DepartureRequest req = JsonBodies.read(body, contentType, DepartureRequest.class);
    BayRuntime bay = registry.bay(id).orElse(null);
    if (bay == null) {
      return BaysResource.unknownBay(registry, id);
    }
    String detail = req == null ? "" : req.at() + " to " + req.targetSocPct() + " %";
    Response answer = answer(bay, req, actor);
    boolean done = answer.getStatus() < 300;
    String line = detail;
    if (!done && answer.getEntity() instanceof ApiError e) {
      line = detail + " -> " + e.error() + ": " + e.reason();
    }
    audit.record(
        actor,
        AUDIT_ACTION,
        bay.id(),
        done ? "done" : "refused",
        line.replaceAll("\\p{Cntrl}", " "));
    return answer;
  }

  private Response answer(BayRuntime bay, @Nullable DepartureRequest req, Actor actor) {
    LocalSitePlanner planner = site.planner().orElse(null);
    KafkaSiteAllocations shared = site.kafka().orElse(null);
    if (planner == null && shared == null) {
      return ErrorMappers.error(
          Response.Status.CONFLICT,
          "no_site",
          "no site is planned here: departures need chargebay.site.cap-kw or"
              + " chargebay.site.kafka.enabled=true");
    }
    if (req == null || req.at() == null) {
      return bad("at", "is required: {\"at\": \"2026-12-06T06:00:00Z\", \"targetSocPct\": 90}");
    }
    Instant at;
    try {
      at = Instant.parse(req.at());
    } catch (DateTimeParseException e) {
      return bad(
          "at",
          "must be an ISO-8601 instant such as 2026-12-06T06:00:00Z, was '"
              + ErrorMappers.echo(req.at())
              + "'");
    }
    Instant now = bay.status().updatedAt();
    if (!at.isAfter(now)) {
      return bad("at", req.at() + " is not after now (" + now + ")");
    }
    if (at.isAfter(now.plus(Duration.ofDays(7)))) {
      return bad("at", req.at() + " is more than 7 days ahead");
    }
    int target = req.targetSocPct() == null ? 100 : req.targetSocPct();
    if (target < 1 || target > 100) {
      return bad("targetSocPct", "must be 1..100, was " + target);
    }
    DepartureSet event =
        planner != null
            ? planner.setDeparture(bay.id(), at, target, actor.name())
            : shared.setDeparture(bay.id(), at, target, actor.name());
    return Response.ok(
            Map.of(
                "bay",
                bay.id(),
                "at",
                event.departure() == null ? "" : event.departure().toString(),
                "targetSocPct",
                target,
                "by",
                event.by()))
        .build();
  }

  private static Response bad(String field, String why) {
    return ErrorMappers.error(Response.Status.BAD_REQUEST, "bad_request", field + " " + why);
  }
}
