package org.chargebay.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.chargebay.auth.Role;
import org.chargebay.bay.BayRuntime;
import org.chargebay.bay.BayStatus;
import org.chargebay.events.EventEnvelope;
import org.chargebay.events.store.EventStore;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jspecify.annotations.Nullable;

/**
 * Live views as server-sent events, for the operator page and for scripts ({@code curl -N}).
 *
 * <ul>
 *   <li>{@code GET /api/bays/stream}: event {@code status} with a bay's {@link BayStatus} as JSON,
 *       first for every bay, then whenever a bay's readings, phase or fault change (checked every
 *       {@value #STATUS_EVERY_MILLIS} ms; the ages and the timestamp alone are no change).
 *   <li>{@code GET /api/bays/{id}/events/stream}: event {@code journal} per stored event of the
 *       bay, with the event's stream sequence as the SSE id, in order. A client that reconnects
 *       with {@code Last-Event-ID} (browsers do so by themselves) gets every later event once: none
 *       lost, none twice. Without it the stream starts at {@code ?from=} (default 1: the whole
 *       history) and continues live.
 * </ul>
 *
 * Both read the journal and the bays' projections; neither ever waits on a bay loop.
 */
@Path("/api/bays")
@RolesAllowed(Role.VIEWER_NAME)
public class BayStreamsResource {
  /** The path segment of the all-bays stream, {@code /api/bays/stream} (not a bay id). */
  static final String ALL_BAYS_STREAM = "stream";

  static final long STATUS_EVERY_MILLIS = 250;
  static final long JOURNAL_EVERY_MILLIS = 200;

  @Inject BayRegistry registry;
  @Inject ObjectMapper mapper;

  @GET
  @Path("/stream")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(summary = "Every bay's status, then each change, as server-sent events 'status'")
  public Multi<OutboundSseEvent> statusStream(@Context Sse sse) {
    Map<String, String> last = new HashMap<>();
    return Multi.createFrom()
        .ticks()
        .every(Duration.ofMillis(STATUS_EVERY_MILLIS))
        .onOverflow()
        .drop()
        .emitOn(Infrastructure.getDefaultWorkerPool())
        .onItem()
        .transformToIterable(
            tick -> {
              List<OutboundSseEvent> out = new ArrayList<>();
              for (BayRuntime bay : registry.bays()) {
                BayStatus s = bay.status();
                ObjectNode json = mapper.valueToTree(s);
                ObjectNode key = json.deepCopy();
                key.remove(List.of("updatedAt", "bmsAgeMillis", "supplyAgeMillis"));
                String signature = key.toString();
                if (!signature.equals(last.put(bay.id(), signature))) {
                  out.add(
                      sse.newEventBuilder()
                          .name("status")
                          .mediaType(MediaType.APPLICATION_JSON_TYPE)
                          .data(json.toString())
                          .build());
                }
              }
              return out;
            });
  }

  @GET
  @Path("/{id}/events/stream")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @Operation(
      summary = "The bay's journal events, then new ones live, as server-sent events 'journal'",
      description =
          "The SSE id is the event's sequence in the bay's stream: reconnect with Last-Event-ID to"
              + " resume after it without loss or duplicates.")
  public Multi<OutboundSseEvent> journalStream(
      @PathParam("id") String id,
      @Parameter(description = "The last sequence the client has; the stream resumes after it")
          @HeaderParam("Last-Event-ID")
          @Nullable String lastEventId,
      @Parameter(description = "First sequence to send when there is no Last-Event-ID (default 1)")
          @QueryParam("from")
          @Nullable String fromParam,
      @Context Sse sse) {
    BayRuntime bay =
        registry
            .bay(id)
            .orElseThrow(
                () ->
                    new jakarta.ws.rs.WebApplicationException(
                        BaysResource.unknownBay(registry, id)));
    long from;
    if (lastEventId != null && !lastEventId.isBlank()) {
      from = lastSequence(lastEventId) + 1;
    } else {
      from = BaysResource.queryLong("from", fromParam, 1, 1, Long.MAX_VALUE);
    }
    EventStore store =
        registry
            .store()
            .orElseThrow(
                () ->
                    ErrorMappers.refusal(
                        Response.Status.SERVICE_UNAVAILABLE,
                        "journal_unavailable",
                        "the journal is not open; /q/health/ready says why"));
    String streamId = bay.settings().streamId();
    AtomicLong next = new AtomicLong(from);
    return Multi.createFrom()
        .ticks()
        .every(Duration.ofMillis(JOURNAL_EVERY_MILLIS))
        .onOverflow()
        .drop()
        .emitOn(Infrastructure.getDefaultWorkerPool())
        .onItem()
        .transformToIterable(
            tick -> {
              List<OutboundSseEvent> out = new ArrayList<>();
              for (EventEnvelope e : store.readStream(streamId, next.get())) {
                out.add(
                    sse.newEventBuilder()
                        .id(Long.toString(e.sequence()))
                        .name("journal")
                        .mediaType(MediaType.APPLICATION_JSON_TYPE)
                        .data(json(e))
                        .build());
                next.set(e.sequence() + 1);
              }
              return out;
            });
  }

  /** The event as {@code GET /api/bays/{id}/events} serves it. */
  private String json(EventEnvelope e) {
    try {
      return mapper.writeValueAsString(
          new BaysResource.EventView(
              e.sequence(),
              e.globalPosition(),
              e.type(),
              e.schemaVersion(),
              e.occurredAt().toString(),
              mapper.readTree(e.payload())));
    } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
      throw new IllegalStateException(
          "stored event " + e.streamId() + "#" + e.sequence() + " is not JSON", ex);
    }
  }

  private static long lastSequence(String lastEventId) {
    try {
      long v = Long.parseLong(lastEventId.trim());
      if (v >= 0) {
        return v;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ErrorMappers.refusal(
        Response.Status.BAD_REQUEST,
        "bad_request",
        "header 'Last-Event-ID' must be the sequence of the last event received (a whole number"
            + " >= 0), was '"
            + ErrorMappers.echo(lastEventId)
            + "'");
  }
}
