package org.chargebay.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.chargebay.bay.BayRuntime;
import org.chargebay.bay.BayStatus;
import org.chargebay.events.ChargeEvent;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.StartRefused;
import org.jspecify.annotations.Nullable;

/** The bay API: status, event history, and the operator's start/stop/acknowledge. */
@Path("/api/bays")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class BaysResource {
  private static final int MAX_EVENTS = 5_000;

  @Inject BayRegistry registry;
  @Inject ObjectMapper mapper;

  /** A stored event as served: envelope fields plus the payload as JSON. */
  public record EventView(
      long sequence,
      long globalPosition,
      String type,
      int schemaVersion,
      String occurredAt,
      JsonNode data) {}

  /** Optional overrides of a bay's configured profile; each may only tighten it. */
  public record StartRequest(
      @Nullable String sessionId,
      @Nullable BigDecimal cellCeilingVolts,
      @Nullable BigDecimal currentAmps,
      @Nullable BigDecimal taperAmps) {}

  /** Who acknowledges and why. */
  public record AckRequest(@Nullable String operator, @Nullable String note) {}

  /** Who stops and why. */
  public record StopRequest(@Nullable String by, @Nullable String reason) {}

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
      @QueryParam("from") @DefaultValue("1") long from,
      @QueryParam("limit") @DefaultValue("1000") int limit) {
    if (from < 1) {
      return ErrorMappers.error(Response.Status.BAD_REQUEST, "bad_request", "from must be >= 1");
    }
    if (limit < 1 || limit > MAX_EVENTS) {
      return ErrorMappers.error(
          Response.Status.BAD_REQUEST, "bad_request", "limit must be 1.." + MAX_EVENTS);
    }
    return withBay(
        id,
        bay -> {
          var store = registry.store().orElseThrow();
          List<EventEnvelope> envs = store.readStream(bay.settings().streamId(), from);
          List<EventView> out =
              envs.stream().limit(limit).map(this::view).toList();
          return Response.ok(out).build();
        });
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
  public Response start(@PathParam("id") String id, @Nullable StartRequest body) {
    return withBay(
        id,
        bay -> {
          ChargeProfile configured = bay.settings().profile();
          StartRequest req = body == null ? new StartRequest(null, null, null, null) : body;
          int ceiling = tighten(req.cellCeilingVolts(), configured.cellCeilingMillivolts(), "cellCeilingVolts");
          int current = tighten(req.currentAmps(), configured.chargeCurrentMilliamps(), "currentAmps");
          int taper =
              req.taperAmps() == null
                  ? Math.min(configured.taperCurrentMilliamps(), Math.max(1, current / 20))
                  : BayConfigs.millis(req.taperAmps(), "taperAmps");
          ChargeProfile profile =
              new ChargeProfile(configured.chemistry(), configured.cellCount(), ceiling, current, taper);
          String sessionId =
              req.sessionId() == null || req.sessionId().isBlank()
                  ? bay.id() + "-" + UUID.randomUUID()
                  : req.sessionId();
          return await(bay.start(sessionId, profile));
        });
  }

  @POST
  @Path("/{id}/stop")
  public Response stop(@PathParam("id") String id, @Nullable StopRequest body) {
    return withBay(
        id,
        bay ->
            await(
                bay.stop(
                    body == null || body.by() == null ? "api" : body.by(),
                    body == null || body.reason() == null ? "operator stop" : body.reason())));
  }

  @POST
  @Path("/{id}/acknowledge")
  public Response acknowledge(@PathParam("id") String id, @Nullable AckRequest body) {
    if (body == null || body.operator() == null || body.operator().isBlank()) {
      return ErrorMappers.error(
          Response.Status.BAD_REQUEST,
          "bad_request",
          "acknowledging a fault needs {\"operator\": \"name\", \"note\": \"what was checked\"}");
    }
    return withBay(
        id, bay -> await(bay.acknowledge(body.operator(), body.note() == null ? "" : body.note())));
  }

  private static int tighten(@Nullable BigDecimal requested, int configured, String key) {
    if (requested == null) {
      return configured;
    }
    int mv = BayConfigs.millis(requested, key);
    if (mv > configured) {
      throw new IllegalArgumentException(
          key + " " + requested + " is above the bay's configured " + (configured / 1000.0)
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
          Response.Status.SERVICE_UNAVAILABLE, "bay_busy", "the bay loop did not take the command within 10 s");
    } catch (ExecutionException e) {
      return ErrorMappers.error(
          Response.Status.CONFLICT, "refused", e.getCause() == null ? "refused" : e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ErrorMappers.error(Response.Status.SERVICE_UNAVAILABLE, "interrupted", "shutting down");
    }
  }

  private Response withBay(String id, java.util.function.Function<BayRuntime, Response> f) {
    return registry
        .bay(id)
        .map(f)
        .orElseGet(
            () ->
                ErrorMappers.error(
                    Response.Status.NOT_FOUND,
                    "unknown_bay",
                    "no bay '" + id + "'; known: " + registry.bays().stream().map(BayRuntime::id).toList()));
  }
}
