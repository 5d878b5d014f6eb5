package org.chargebay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * compose.yaml with the controller, Prometheus and Grafana. No container runs here, so the test
 * checks what compose would hand the containers: the files it mounts, the ports, the health check,
 * and that the Prometheus and Grafana configuration point at what compose provides.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ComposeTest {
  static final JsonNode COMPOSE = Repo.readObject(Repo.path("compose.yaml"));

  private static JsonNode service(String name) {
    JsonNode s = COMPOSE.path("services").path(name);
    assertThat(s.isObject()).as("service " + name).isTrue();
    return s;
  }

  /** A service's volumes as target -> source, for the short syntax {@code source:target[:ro]}. */
  static Map<String, String> mounts(String service) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode v : service(service).path("volumes")) {
      String[] parts = v.asText().split(":");
      assertThat(parts.length).as(v.asText()).isBetween(2, 3);
      out.put(parts[1], parts[0]);
    }
    return out;
  }

  @Test
  void
      the_controller_is_built_from_the_dockerfile_and_publishes_only_8080_with_its_health_check_on_9000() {
    JsonNode c = service("chargebay");
    Path context = Repo.path(c.path("build").path("context").asText());
    assertThat(context).isEqualTo(DockerfileTest.CONTEXT);
    assertThat(context.resolve(c.path("build").path("dockerfile").asText())).isRegularFile();
    assertThat(c.path("ports"))
        .extracting(JsonNode::asText)
        .as("the API port only: health and metrics stay inside the compose network")
        .containsExactly("8080:8080");
    List<String> test = new ArrayList<>();
    c.path("healthcheck").path("test").forEach(t -> test.add(t.asText()));
    assertThat(test).containsExactly("CMD", "curl", "-fsS", "http://localhost:9000/q/health/ready");
    assertThat(SystemdUnitTest.seconds(c.path("stop_grace_period").asText()).toSeconds())
        .isGreaterThanOrEqualTo(30);
    assertThat(c.path("stop_signal").asText()).isEqualTo("SIGTERM");
    assertThat(c.path("read_only").asBoolean()).isTrue();
    // sqlite-jdbc and jSerialComm load native libraries from /tmp: it must not be noexec.
    assertThat(c.path("tmpfs"))
        .extracting(JsonNode::asText)
        .singleElement()
        .asString()
        .startsWith("/tmp:")
        .contains("exec")
        .doesNotContain("noexec");
    assertThat(c.path("cap_drop")).extracting(JsonNode::asText).containsExactly("ALL");
    assertThat(c.path("security_opt"))
        .extracting(JsonNode::asText)
        .contains("no-new-privileges:true");
  }

  @Test
  void the_journal_is_on_a_named_volume_and_the_config_where_quarkus_reads_it() {
    JsonNode c = service("chargebay");
    String journal = c.path("environment").path("CHARGEBAY_JOURNAL_PATH").asText();
    assertThat(journal).isEqualTo(DockerfileTest.DOCKERFILE.env("CHARGEBAY_JOURNAL_PATH"));
    Map<String, String> m = mounts("chargebay");
    String volume = m.get("/var/lib/chargebay");
    assertThat(journal).startsWith("/var/lib/chargebay/");
    assertThat(COMPOSE.path("volumes").has(volume)).as("named volume " + volume).isTrue();
    String config = DockerfileTest.DOCKERFILE.last("WORKDIR") + "/config/application.properties";
    assertThat(m).containsEntry(config, "./ops/compose/application.properties");
  }

  @Test
  void prometheus_scrapes_the_controller_as_job_chargebay_and_loads_the_mounted_rules() {
    Map<String, String> m = mounts("prometheus");
    assertThat(m).containsEntry("/etc/prometheus/prometheus.yml", "./ops/compose/prometheus.yml");
    JsonNode prom = Repo.readObject(Repo.path("ops/compose/prometheus.yml"));
    JsonNode job = prom.path("scrape_configs").get(0);
    assertThat(prom.path("scrape_configs")).hasSize(1);
    assertThat(job.path("job_name").asText()).isEqualTo("chargebay");
    assertThat(job.path("metrics_path").asText()).isEqualTo("/q/metrics");
    assertThat(job.at("/static_configs/0/targets/0").asText()).isEqualTo("chargebay:9000");
    // Each rule file named in the config is a file of the project's, through a mount.
    for (JsonNode rule : prom.path("rule_files")) {
      assertThat(repoFileBehind(m, rule.asText())).isEqualTo("ops/prometheus/chargebay-rules.yml");
    }
    assertThat(prom.path("rule_files")).hasSize(1);
  }

  @Test
  void every_file_compose_mounts_exists() {
    List<String> missing = new ArrayList<>();
    for (String service : List.of("chargebay", "prometheus", "grafana")) {
      for (String source : mounts(service).values()) {
        if (source.startsWith("./") && !Files.exists(Repo.path(source.substring(2)))) {
          missing.add(source.substring(2));
        }
      }
    }
    String rules =
        repoFileBehind(mounts("prometheus"), "/etc/prometheus/chargebay/chargebay-rules.yml");
    if (!Files.isRegularFile(Repo.path(rules))) {
      missing.add(rules);
    }
    assertThat(missing).as("files compose.yaml mounts that are missing").isEmpty();
  }

  @Test
  void grafana_provisioning_points_at_the_mounted_dashboards_and_at_prometheus()
      throws IOException {
    Map<String, String> m = mounts("grafana");
    assertThat(m).containsEntry("/etc/grafana/provisioning", "./ops/grafana/provisioning");
    String dashboardsMount =
        m.entrySet().stream()
            .filter(e -> e.getValue().equals("./ops/grafana/dashboards"))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElseThrow();
    List<JsonNode> providers = new ArrayList<>();
    for (Path f : yamlFiles(Repo.path("ops/grafana/provisioning/dashboards"))) {
      Repo.readObject(f).path("providers").forEach(providers::add);
    }
    assertThat(providers)
        .as("dashboard providers in ops/grafana/provisioning/dashboards")
        .isNotEmpty();
    for (JsonNode p : providers) {
      String path = p.path("options").path("path").asText();
      assertThat(path + "/")
          .as("provider " + p.path("name").asText() + " reads the mounted dashboards")
          .startsWith(dashboardsMount + "/");
    }
    List<JsonNode> prometheus = new ArrayList<>();
    for (Path f : yamlFiles(Repo.path("ops/grafana/provisioning/datasources"))) {
      Repo.readObject(f)
          .path("datasources")
          .forEach(
              d -> {
                if (d.path("type").asText().equals("prometheus")) {
                  prometheus.add(d);
                }
              });
    }
    assertThat(prometheus)
        .as("a prometheus datasource in ops/grafana/provisioning/datasources")
        .isNotEmpty();
    for (JsonNode d : prometheus) {
      assertThat(d.path("url").asText())
          .as("datasource " + d.path("name").asText())
          .isEqualTo("http://prometheus:9090");
    }
  }

  /** The repository file a container path resolves to through the service's bind mounts. */
  private static String repoFileBehind(Map<String, String> mounts, String containerPath) {
    for (Map.Entry<String, String> e : mounts.entrySet()) {
      if (containerPath.startsWith(e.getKey() + "/") && e.getValue().startsWith("./")) {
        return e.getValue().substring(2) + containerPath.substring(e.getKey().length());
      }
    }
    throw new AssertionError(containerPath + " is not inside any bind mount " + mounts);
  }

  private static List<Path> yamlFiles(Path dir) throws IOException {
    assertThat(dir).as(Repo.root().relativize(dir) + " is missing").isDirectory();
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml"))
          .sorted()
          .toList();
    }
  }
}
