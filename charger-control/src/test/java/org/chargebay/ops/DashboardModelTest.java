package org.chargebay.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * The dashboards' JSON model as Grafana's file provisioning needs it: unique dashboard uids, unique
 * panel ids, panels inside the 24-column grid, and every panel, query and annotation on the {@code
 * $datasource} variable (so that an import can pick any Prometheus). Whether the queries return
 * data is {@code DashboardsAndAlertsIT}'s part.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DashboardModelTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VARIABLE = "${datasource}";

  @Test
  void there_are_the_three_dashboards_with_their_own_uids() throws IOException {
    List<String> uids = new ArrayList<>();
    for (Path file : OpsFiles.dashboards()) {
      uids.add(JSON.readTree(file.toFile()).path("uid").asText());
    }
    assertThat(uids)
        .containsExactlyInAnyOrder("chargebay-bay", "chargebay-health", "chargebay-depot");
  }

  @Test
  void every_panel_query_and_annotation_uses_the_datasource_variable_and_fits_the_grid()
      throws IOException {
    for (Path file : OpsFiles.dashboards()) {
      JsonNode d = JSON.readTree(file.toFile());
      String name = file.getFileName().toString();
      assertThat(variables(d)).as(name).contains("datasource");
      Set<Integer> ids = new HashSet<>();
      for (JsonNode panel : d.path("panels")) {
        String title = name + " / " + panel.path("title").asText();
        assertThat(ids.add(panel.path("id").asInt())).as("unique id: %s", title).isTrue();
        assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo(VARIABLE);
        JsonNode grid = panel.path("gridPos");
        assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(title).isBetween(1, 24);
        assertThat(panel.path("targets").size()).as("queries of %s", title).isPositive();
        for (JsonNode target : panel.path("targets")) {
          assertThat(target.path("datasource").path("uid").asText()).as(title).isEqualTo(VARIABLE);
          if (target.path("expr").asText().contains("$bay")) {
            assertThat(variables(d)).as("%s uses $bay", title).contains("bay");
          }
        }
      }
      for (JsonNode annotation : d.path("annotations").path("list")) {
        if (annotation.has("expr")) {
          assertThat(annotation.path("datasource").path("uid").asText()).isEqualTo(VARIABLE);
        }
      }
    }
  }

  private static List<String> variables(JsonNode dashboard) {
    List<String> names = new ArrayList<>();
    dashboard.path("templating").path("list").forEach(v -> names.add(v.path("name").asText()));
    return names;
  }
}
