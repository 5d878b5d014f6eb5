package org.chargebay.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.chargebay.auth.Role;
import org.chargebay.bay.BayRuntime;
import org.chargebay.bay.BayStatus;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.StartRefused;
import org.chargebay.events.store.EventStore;
import org.chargebay.session.ChargeDecider;
import org.chargebay.session.ChargePlan;
import org.jspecify.annotations.Nullable;

/**
 * The bay API: status and event history for viewers; start, stop and acknowledge for operators. The
 * acting user of a command is the login, never a name in the body; every command is audited.
 */
@Path("/api/bays")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Role.VIEWER_NAME)
public class BaysResource {
  private static final int MAX_EVENTS = 5_000;
  private static final int DEFAULT_EVENTS = 1_000;
  private static final int MAX_SESSION_ID_CHARS = 128;

  @Inject BayRegistry registry;
  @Inject ObjectMapper mapper;
  @Inject SecurityIdentity identity;
  @Inject AuditTrail audit;

  /** A stored event as served: envelope fields plus the payload as JSON. */
  public record EventView(
      long sequence,
      long globalPosition,
      String type,
      int schemaVersion,
      String occurredAt,
      JsonNode data) {}

  /**
   * Optional overrides of a bay's configured profile; each may only tighten it. {@code packLabel}
   * names the pack for its history when its BMS reports no hardware id. The charge policy, each
   * optional: {@code startAt} (ISO-8601 instant) delays the start; {@code finishBy} (ISO-8601
   * instant) starts late enough to be complete by then, on the estimated time to full (not with
   * {@code startAt}); {@code targetSocPct} (20..100) ends the charge at that state of charge,
   * judged from the cells on the chemistry's OCV curve.
   */
  public record StartRequest(
      @Nullable String sessionId,
      @Nullable BigDecimal cellCeilingVolts,
      @Nullable BigDecimal currentAmps,
      @Nullable BigDecimal taperAmps,
      @Nullable String packLabel,
      @Nullable String startAt,
      @Nullable String finishBy,
      @Nullable Integer targetSocPct) {}

  /** What was checked before acknowledging; the acting user is the login. */
  public record AckRequest(@Nullable String note) {}

  /** Why the session is stopped; the acting user is the login. */
  public record StopRequest(@Nullable String reason) {}

  /** The open session's new per-cell ceiling; the acting user is the login. */
  public record CeilingRequest(@Nullable BigDecimal cellCeilingVolts) {}

  @GET
  public List<BayStatus> list() {
    return registry.bays().stream().map(BayRuntime::status).toList();
  }

  @GET
  @Path("/{id}")
  public Response one(@PathParam("id") String id) {
    return withBay(id, bay -> Response.ok(bay.status()).build());
  }

  @GET
  @Path("/{id}/events")
  public Response events(
      @PathParam("id") String id,
      @QueryParam("from") @Nullable String fromParam,
      @QueryParam("limit") @Nullable String limitParam) {
    long from = queryLong("from", fromParam, 1, 1, Long.MAX_VALUE);
    int limit = (int) queryLong("limit", limitParam, DEFAULT_EVENTS, 1, MAX_EVENTS);
    return withBay(
        id,
        bay -> {
          EventStore store =
              registry
                  .store()
                  .orElseThrow(
                      () ->
                          ErrorMappers.refusal(
                              Response.Status.SERVICE_UNAVAILABLE,
                              "journal_unavailable",
                              "the journal is not open; /q/health/ready says why"));
          List<EventEnvelope> envs = store.readStream(bay.settings().streamId(), from);
          List<EventView> out = envs.stream().limit(limit).map(this::view).toList();
          return Response.ok(out).build();
        });
  }

  /**
   * A whole-number query parameter: {@code fallback} when absent, else within {@code min..max}.
   * Parsed here rather than by JAX-RS, which answers a malformed query parameter with a bare 404.
   */
  static long queryLong(String name, @Nullable String raw, long fallback, long min, long max) {
    if (raw == null) {
      return fallback;
    }
    long value;
    try {
      value = Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw badParameter(name, raw, min, max);
    }
    if (value < min || value > max) {
      throw badParameter(name, raw, min, max);
    }
    return value;
  }

  private static WebApplicationException badParameter(String name, String raw, long min, long max) {
    return ErrorMappers.refusal(
        Response.Status.BAD_REQUEST,
        "bad_request",
        "query parameter '"
            + name
            + "' must be a whole number in "
            + min
            + ".."
            + max
            + ", was '"
            + ErrorMappers.echo(raw)
            + "'");
  }

  private EventView view(EventEnvelope e) {
    try {
      return new EventView(
          e.sequence(),
          e.globalPosition(),
          e.type(),
          e.schemaVersion(),
          e.occurredAt().toString(),
          mapper.readTree(e.payload()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
      throw new IllegalStateException(
          "stored event " + e.streamId() + "#" + e.sequence() + " is not JSON", ex);
    }
  }

  @POST
  @Path("/{id}/start")
  @RolesAllowed(Role.OPERATOR_NAME)
  public Response start(
      @PathParam("id") String id,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) @Nullable String contentType,
      InputStream body,
      @Context HttpServerRequest request) {
    Actor actor = Actor.of(identity, request);
    StartRequest read = JsonBodies.read(body, contentType, StartRequest.class);
    StartRequest req =
        read == null ? new StartRequest(null, null, null, null, null, null, null, null) : read;
    return withBay(
        id,
        bay -> {
          ChargeProfile configured = bay.settings().profile();
          int ceiling =
              tighten(
                  req.cellCeilingVolts(), configured.cellCeilingMillivolts(), "cellCeilingVolts");
          int current =
              tighten(req.currentAmps(), configured.chargeCurrentMilliamps(), "currentAmps");
          int taper =
              req.taperAmps() == null
                  ? Math.min(configured.taperCurrentMilliamps(), Math.max(1, current / 20))
                  : BayConfigs.millis(req.taperAmps(), "taperAmps");
          checkProfile(ceiling, current, taper);
          ChargeProfile profile =
              new ChargeProfile(
                  configured.chemistry(), configured.cellCount(), ceiling, current, taper);
          ChargePlan plan = plan(req, profile, bay.status().updatedAt());
          if (plan == null && bay.settings().plan() != null) {
            plan = bay.settings().plan().planAt(bay.status().updatedAt()); // the bay's own policy
          }
          String sessionId =
              req.sessionId() == null || req.sessionId().isBlank()
                  ? bay.id() + "-" + UUID.randomUUID()
                  : checkedSessionId(req.sessionId());
          if (req.packLabel() != null) {
            String label = BayDefinitions.packLabel(req.packLabel(), "packLabel");
            registry.packs().ifPresent(p -> p.labelSession(sessionId, label));
          }
          return audited(
              actor,
              AuditTrail.START,
              bay.id(),
              "session " + sessionId + ", " + profile + (plan == null ? "" : ", " + plan),
              await(bay.start(sessionId, profile, actor.name(), plan)));
        });
  }

  @POST
  @Path("/{id}/stop")
  @RolesAllowed(Role.OPERATOR_NAME)
  public Response stop(
      @PathParam("id") String id,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) @Nullable String contentType,
      InputStream body,
      @Context HttpServerRequest request) {
    Actor actor = Actor.of(identity, request);
    StopRequest req = JsonBodies.read(body, contentType, StopRequest.class);
    String reason = req == null || req.reason() == null ? "operator stop" : req.reason();
    return withBay(
        id,
        bay ->
            audited(
                actor, AuditTrail.STOP, bay.id(), reason, await(bay.stop(actor.name(), reason))));
  }

  /**
   * Changes the open session's per-cell ceiling; it takes effect within one poll. It must suit the
   * chemistry (never above its maximum) and may be raised only up to the bay's configured profile;
   * a refusal names the limit (400). Without an open session: 409.
   */
  @POST
  @Path("/{id}/ceiling")
  @RolesAllowed(Role.OPERATOR_NAME)
  public Response ceiling(
      @PathParam("id") String id,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) @Nullable String contentType,
      InputStream body,
      @Context HttpServerRequest request) {
    Actor actor = Actor.of(identity, request);
    CeilingRequest req = JsonBodies.read(body, contentType, CeilingRequest.class);
    if (req == null || req.cellCeilingVolts() == null) {
      return ErrorMappers.error(
          Response.Status.BAD_REQUEST,
          "bad_request",
          "changing the ceiling needs {\"cellCeilingVolts\": 4.10}");
    }
    int millivolts = BayConfigs.millis(req.cellCeilingVolts(), "cellCeilingVolts");
    return withBay(
        id,
        bay ->
            audited(
                actor,
                AuditTrail.CEILING,
                bay.id(),
                millivolts + " mV",
                ceiling(bay, millivolts, actor.name())));
  }

  private Response ceiling(BayRuntime bay, int millivolts, String by) {
    ChargeProfile session = bay.state().profile();
    ChargeProfile configured = bay.settings().profile();
    String problem =
        ChargeDecider.ceilingAdjustProblem(
            session == null || !bay.state().phase().inSession() ? configured : session,
            millivolts,
            configured.cellCeilingMillivolts());
    if (problem != null) {
      return ErrorMappers.error(
          Response.Status.BAD_REQUEST, "ceiling_not_allowed", "cellCeilingVolts: " + problem);
    }
    CompletableFuture<List<ChargeEvent>> future = bay.adjustCeiling(millivolts, by);
    Response done = await(future);
    if (done.getStatus() == 200 && future.join().isEmpty()) {
      return ErrorMappers.error(
          Response.Status.CONFLICT,
          "no_change",
          "bay "
              + bay.id()
              + " has no open session, or its ceiling is already "
              + millivolts
              + " mV (a start's ceiling is set with the start)");
    }
    return done;
  }

  @POST
  @Path("/{id}/acknowledge")
  @RolesAllowed(Role.OPERATOR_NAME)
  public Response acknowledge(
      @PathParam("id") String id,
      @HeaderParam(HttpHeaders.CONTENT_TYPE) @Nullable String contentType,
      InputStream body,
      @Context HttpServerRequest request) {
    Actor actor = Actor.of(identity, request);
    AckRequest req = JsonBodies.read(body, contentType, AckRequest.class);
    String note = req == null || req.note() == null ? "" : req.note();
    return withBay(
        id,
        bay ->
            audited(
                actor,
                AuditTrail.ACKNOWLEDGE,
                bay.id(),
                note,
                await(bay.acknowledge(actor.name(), note))));
  }

  /** Records the command's outcome in the audit trail and answers as the command did. */
  private Response audited(
      Actor actor, String action, String bayId, String detail, Response answer) {
    boolean done = answer.getStatus() < 300;
    String outcome = done ? "done" : "refused";
    String line = detail;
    if (!done && answer.getEntity() instanceof ApiError e) {
      line = detail + " -> " + e.error() + ": " + e.reason();
    }
    audit.record(actor, action, bayId, outcome, line.replaceAll("\\p{Cntrl}", " "));
    return answer;
  }

  /** A client's session id goes into the journal and the log: one short line, no controls. */
  /**
   * The start's charge policy, or null when it asks for none; a field that cannot be followed is
   * refused naming it (400). {@code now} is the bay's clock (the decider checks again at its tick).
   */
  static @Nullable ChargePlan plan(StartRequest req, ChargeProfile profile, Instant now) {
    ChargePlan plan =
        new ChargePlan(
            instant(req.startAt(), "startAt"),
            instant(req.finishBy(), "finishBy"),
            req.targetSocPct());
    if (plan.empty()) {
      return null;
    }
    if (plan.startAt() != null && !plan.startAt().isAfter(now)) {
      throw new IllegalArgumentException(
          "startAt " + plan.startAt() + " is not ahead of now (" + now + ")");
    }
    String problem = plan.problem(now);
    if (problem == null && plan.targetSocPct() != null) {
      problem = ChargeDecider.targetProblem(profile, plan.targetSocPct());
    }
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return plan;
  }

  private static @Nullable Instant instant(@Nullable String raw, String field) {
    if (raw == null) {
      return null;
    }
    try {
      return Instant.parse(raw);
    } catch (java.time.format.DateTimeParseException e) {
      throw new IllegalArgumentException(
          field
              + " must be an ISO-8601 instant such as 2026-01-01T06:00:00Z, was '"
              + ErrorMappers.echo(raw)
              + "'");
    }
  }

  private static String checkedSessionId(String sessionId) {
    if (sessionId.length() > MAX_SESSION_ID_CHARS
        || sessionId.codePoints().anyMatch(Character::isISOControl)) {
      throw ErrorMappers.refusal(
          Response.Status.BAD_REQUEST,
          "bad_request",
          "field 'sessionId' must be at most "
              + MAX_SESSION_ID_CHARS
              + " characters without control characters");
    }
    return sessionId;
  }

  /**
   * The profile's own rules, checked before it is built so that a refusal names the request's
   * fields rather than the profile's.
   */
  private static void checkProfile(
      int ceilingMillivolts, int currentMilliamps, int taperMilliamps) {
    if (ceilingMillivolts < 2000) {
      throw new IllegalArgumentException(
          "cellCeilingVolts must be at least 2.000, was " + ceilingMillivolts / 1000.0);
    }
    if (currentMilliamps <= 0) {
      throw new IllegalArgumentException(
          "currentAmps must be above 0, was " + currentMilliamps / 1000.0);
    }
    if (taperMilliamps <= 0 || taperMilliamps >= currentMilliamps) {
      throw new IllegalArgumentException(
          "taperAmps must be above 0 and below the current ("
              + currentMilliamps / 1000.0
              + "), was "
              + taperMilliamps / 1000.0);
    }
  }

  private static int tighten(@Nullable BigDecimal requested, int configured, String key) {
    if (requested == null) {
      return configured;
    }
    int mv = BayConfigs.millis(requested, key);
    if (mv > configured) {
      throw new IllegalArgumentException(
          key
              + " "
              + requested
              + " is above the bay's configured "
              + (configured / 1000.0)
              + ": the API may only tighten a profile");
    }
    return mv;
  }

  private Response await(CompletableFuture<List<ChargeEvent>> future) {
    try {
      List<ChargeEvent> events = future.get(10, TimeUnit.SECONDS);
      for (ChargeEvent e : events) {
        if (e instanceof StartRefused r) {
          return ErrorMappers.error(
              Response.Status.CONFLICT, "start_refused", r.reason() + ": " + r.detail());
        }
      }
      List<String> types = events.stream().map(e -> e.getClass().getSimpleName()).toList();
      return Response.ok(java.util.Map.of("events", types)).build();
    } catch (TimeoutException e) {
      return ErrorMappers.error(
          Response.Status.SERVICE_UNAVAILABLE,
          "bay_busy",
          "the bay loop did not take the command within 10 s");
    } catch (ExecutionException e) {
      return ErrorMappers.error(
          Response.Status.CONFLICT,
          "refused",
          e.getCause() == null ? "refused" : e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ErrorMappers.error(
          Response.Status.SERVICE_UNAVAILABLE, "interrupted", "shutting down");
    }
  }

  private Response withBay(String id, java.util.function.Function<BayRuntime, Response> f) {
    return registry.bay(id).map(f).orElseGet(() -> unknownBay(registry, id));
  }

  /** The 404 for a bay id that is not configured; names the bays that are. */
  static Response unknownBay(BayRegistry registry, String id) {
    return ErrorMappers.error(
        Response.Status.NOT_FOUND,
        "unknown_bay",
        "no bay '"
            + ErrorMappers.echo(id)
            + "'; known: "
            + registry.bays().stream().map(BayRuntime::id).toList());
  }
}
