package org.chargebay.app;

import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.chargebay.auth.Role;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.replay.PackHistory;
import org.chargebay.events.store.EventStore;
import org.jspecify.annotations.Nullable;

/**
 * Pack history: every pack seen on any bay, identified by its BMS's hardware id or an operator's
 * label, with its sessions, Ah in, cycles, highest-cell and imbalance trend and an internal
 * resistance estimate per session. A projection of the journal, rebuilt on each request.
 */
@Path("/api/packs")
@RolesAllowed(Role.VIEWER_NAME)
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class PacksResource {
  @Inject BayRegistry registry;

  /** One line per pack. */
  public record PackSummary(
      String packId,
      String source,
      int sessions,
      long chargedMilliampHours,
      @Nullable Integer bmsCycles,
      @Nullable Instant lastSeenAt,
      @Nullable String lastBay,
      @Nullable Integer lastResistanceMilliohms) {}

  /** A pack in full, with its trends (oldest session first). */
  public record PackView(
      PackHistory.Pack pack,
      List<@Nullable Integer> highestCellTrend,
      List<@Nullable Integer> imbalanceTrend,
      List<@Nullable Integer> resistanceTrend) {}

  @GET
  public List<PackSummary> list() {
    return PackHistory.all(store(), EventCodec.standard()).values().stream()
        .map(
            p -> {
              PackHistory.PackSession last =
                  p.sessions().isEmpty() ? null : p.sessions().get(p.sessions().size() - 1);
              return new PackSummary(
                  p.packId(),
                  p.source(),
                  p.sessions().size(),
                  p.chargedMilliampHours(),
                  p.bmsCycles(),
                  last == null ? null : last.startedAt(),
                  last == null ? null : last.bayId(),
                  last == null ? null : last.resistanceMilliohms());
            })
        .toList();
  }

  @GET
  @Path("/{id}")
  public Response one(@PathParam("id") String id) {
    return PackHistory.of(store(), EventCodec.standard(), id)
        .map(
            p ->
                Response.ok(
                        new PackView(
                            p, p.highestCellTrend(), p.imbalanceTrend(), p.resistanceTrend()))
                    .build())
        .orElseGet(
            () ->
                ErrorMappers.error(
                    Response.Status.NOT_FOUND,
                    "unknown_pack",
                    "no pack '"
                        + ErrorMappers.echo(id)
                        + "' in the journal; GET /api/packs lists them"));
  }

  private EventStore store() {
    return registry
        .store()
        .orElseThrow(
            () ->
                ErrorMappers.refusal(
                    Response.Status.SERVICE_UNAVAILABLE,
                    "journal_unavailable",
                    "the journal is not open; /q/health/ready says why"));
  }
}
