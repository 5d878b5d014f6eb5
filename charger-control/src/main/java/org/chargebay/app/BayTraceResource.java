package org.chargebay.app;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.chargebay.auth.Role;

/**
 * {@code GET /api/bays/{id}/trace}: the latest cell voltages and the session's pack voltage and
 * current over time, for the operator page's detail view ({@link BayTraces}).
 */
@Path("/api/bays/{id}/trace")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Role.VIEWER_NAME)
public class BayTraceResource {
  @Inject BayRegistry registry;
  @Inject BayTraces traces;

  @GET
  public Response trace(@PathParam("id") String id) {
    return traces
        .view(id)
        .map(v -> Response.ok(v).build())
        .orElseGet(() -> BaysResource.unknownBay(registry, id));
  }
}
