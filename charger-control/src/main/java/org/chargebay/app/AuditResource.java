package org.chargebay.app;

import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.chargebay.auth.Role;
import org.chargebay.events.CommandAudited;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/audit?after=N&limit=M}: the audit trail, oldest first, from position {@code after
 * + 1}, read from the journal's stream {@code audit} ({@link AuditTrail}). For operators and
 * admins: it names people and their addresses.
 */
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Role.OPERATOR_NAME)
public class AuditResource {
  private static final int MAX_ENTRIES = 5_000;

  @Inject AuditTrail audit;

  /** An entry as served. */
  public record AuditView(
      long position,
      String at,
      String actor,
      String from,
      String action,
      String target,
      String outcome,
      String detail) {}

  @GET
  public Response list(
      @QueryParam("after") @Nullable String afterParam,
      @QueryParam("limit") @Nullable String limitParam) {
    long after = BaysResource.queryLong("after", afterParam, 0, 0, Long.MAX_VALUE);
    int limit = (int) BaysResource.queryLong("limit", limitParam, 1_000, 1, MAX_ENTRIES);
    List<AuditView> out = audit.read(after, limit).stream().map(AuditResource::view).toList();
    return Response.ok(out).build();
  }

  private static AuditView view(AuditTrail.Entry entry) {
    CommandAudited e = entry.event();
    return new AuditView(
        entry.position(),
        e.at().toString(),
        e.by(),
        e.from(),
        e.action(),
        e.target(),
        e.outcome(),
        e.detail());
  }
}
