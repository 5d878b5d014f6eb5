package org.chargebay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.openshift.api.model.monitoring.v1.Endpoint;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The two overlays rendered, every object validated, and what the deployment must guarantee. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class OverlaysTest {
  private static final String JOURNAL_MOUNT = "/var/lib/chargebay";

  @ParameterizedTest
  @ValueSource(strings = {"workshop", "depot"})
  void every_rendered_object_fits_its_api_schema(String overlay) {
    Rendered r = Rendered.overlay(overlay);
    Set<String> kinds =
        r.objects().stream()
            .map(o -> o.path("kind").asText())
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> expected =
        new TreeSet<>(
            Set.of(
                "ConfigMap",
                "Service",
                "StatefulSet",
                "NetworkPolicy",
                "ServiceMonitor",
                "PrometheusRule"));
    if (overlay.equals("depot")) {
      expected.add("KafkaTopic");
    }
    assertThat(kinds).isEqualTo(expected);
    for (ObjectNode o : r.objects()) {
      assertThat(ManifestValidator.problems(o)).as(KustomizeRenderer.id(o)).isEmpty();
      assertThat(o.path("metadata").path("namespace").asText())
          .as(KustomizeRenderer.id(o))
          .isEqualTo("chargebay");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"workshop", "depot"})
  void the_journal_lives_on_one_read_write_once_volume_of_a_single_replica(String overlay) {
    Rendered r = Rendered.overlay(overlay);
    StatefulSet s = r.statefulSet();
    assertThat(s.getSpec().getReplicas()).isEqualTo(1);
    List<PersistentVolumeClaim> claims = s.getSpec().getVolumeClaimTemplates();
    assertThat(claims).hasSize(1);
    PersistentVolumeClaim journal = claims.get(0);
    assertThat(journal.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(
            Quantity.getAmountInBytes(journal.getSpec().getResources().getRequests().get("storage"))
                .longValue())
        .isGreaterThanOrEqualTo(1L << 30);
    assertThat(mount(r.container(), journal.getMetadata().getName()).getMountPath())
        .isEqualTo(JOURNAL_MOUNT);
    assertThat(env(r.container(), "CHARGEBAY_JOURNAL_PATH"))
        .isEqualTo(JOURNAL_MOUNT + "/chargebay.db");
    assertThat(s.getSpec().getServiceName()).isEqualTo(r.service().getMetadata().getName());
  }

  @ParameterizedTest
  @ValueSource(strings = {"workshop", "depot"})
  void probes_ask_the_quarkus_health_paths_on_the_9000_management_port(String overlay) {
    Container c = Rendered.overlay(overlay).container();
    assertThat(c.getPorts())
        .extracting(p -> p.getName() + "=" + p.getContainerPort())
        .containsExactly("http=8080", "management=9000");
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
    assertThat(c.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("management");
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
    assertThat(c.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("management");
    assertThat(c.getStartupProbe().getHttpGet().getPort().getStrVal()).isEqualTo("management");
    // A bay loop that has not polled for 10 s turns liveness DOWN; restart only after 30 s of it.
    assertThat(c.getLivenessProbe().getPeriodSeconds() * c.getLivenessProbe().getFailureThreshold())
        .isGreaterThanOrEqualTo(30);
    assertThat(c.getStartupProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
  }

  @ParameterizedTest
  @ValueSource(strings = {"workshop", "depot"})
  void the_container_runs_as_a_fixed_non_root_user_on_a_read_only_root_with_a_writable_tmp(
      String overlay) {
    Rendered r = Rendered.overlay(overlay);
    PodSpec pod = r.statefulSet().getSpec().getTemplate().getSpec();
    PodSecurityContext psc = pod.getSecurityContext();
    assertThat(psc.getRunAsNonRoot()).isTrue();
    assertThat(psc.getRunAsUser()).isEqualTo(185L);
    assertThat(psc.getFsGroup()).isEqualTo(185L);
    assertThat(psc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    Container c = r.container();
    SecurityContext sc = c.getSecurityContext();
    assertThat(sc.getRunAsNonRoot()).isTrue();
    assertThat(sc.getRunAsUser()).isEqualTo(185L);
    assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
    assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
    assertThat(sc.getPrivileged()).isNotEqualTo(Boolean.TRUE);
    assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(sc.getCapabilities().getAdd()).isEmpty();
    VolumeMount tmp =
        c.getVolumeMounts().stream()
            .filter(m -> m.getMountPath().equals("/tmp"))
            .findFirst()
            .orElseThrow();
    assertThat(volume(pod, tmp.getName()).getEmptyDir()).isNotNull();
    assertThat(tmp.getReadOnly()).isNotEqualTo(Boolean.TRUE);
    // Every other writable path is the journal volume.
    assertThat(
            c.getVolumeMounts().stream()
                .filter(m -> !Boolean.TRUE.equals(m.getReadOnly()))
                .map(VolumeMount::getMountPath))
        .containsExactlyInAnyOrder("/tmp", JOURNAL_MOUNT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"workshop", "depot"})
  void cpu_and_memory_have_requests_within_limits(String overlay) {
    var res = Rendered.overlay(overlay).container().getResources();
    for (String k : List.of("cpu", "memory")) {
      Quantity request = res.getRequests().get(k);
      Quantity limit = res.getLimits().get(k);
      assertThat(request).as(k + " request").isNotNull();
      assertThat(limit).as(k + " limit").isNotNull();
      assertThat(request.getNumericalAmount())
          .as(k)
          .isLessThanOrEqualTo(limit.getNumericalAmount());
    }
    // The JVM needs room beyond its heap; below 512 MiB the app does not start reliably.
    assertThat(res.getLimits().get("memory").getNumericalAmount().longValue())
        .isGreaterThanOrEqualTo(512L << 20);
  }

  @ParameterizedTest
  @ValueSource(strings = {"workshop", "depot"})
  void sigterm_gets_the_30_seconds_the_safe_shutdown_needs(String overlay) {
    assertThat(
            Rendered.overlay(overlay)
                .statefulSet()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getTerminationGracePeriodSeconds())
        .isGreaterThanOrEqualTo(30L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"workshop", "depot"})
  void the_bays_config_is_mounted_where_quarkus_reads_config_application_properties(String overlay)
      throws IOException {
    Rendered r = Rendered.overlay(overlay);
    Container c = r.container();
    PodSpec pod = r.statefulSet().getSpec().getTemplate().getSpec();
    VolumeMount config =
        c.getVolumeMounts().stream()
            .filter(m -> volume(pod, m.getName()).getConfigMap() != null)
            .findFirst()
            .orElseThrow();
    assertThat(config.getMountPath()).isEqualTo(c.getWorkingDir() + "/config");
    assertThat(config.getReadOnly()).isTrue();
    assertThat(volume(pod, config.getName()).getConfigMap().getName())
        .isEqualTo(r.configMap().getMetadata().getName());
    assertThat(r.configMap().getData()).containsOnlyKeys("application.properties");

    Properties props = new Properties();
    props.load(new StringReader(r.configMap().getData().get("application.properties")));
    Set<String> known = ReadmeConfigKeys.keys();
    for (String key : props.stringPropertyNames()) {
      assertThat(known)
          .as("README documents " + key)
          .anyMatch(k -> ReadmeConfigKeys.matches(k, key));
    }
    Set<String> bays =
        props.stringPropertyNames().stream()
            .filter(k -> k.startsWith("chargebay.bays."))
            .map(k -> k.split("\\.")[2])
            .collect(Collectors.toSet());
    assertThat(bays).isNotEmpty();
    for (String bay : bays) {
      for (String required :
          List.of(
              "supply.url",
              "bms.url",
              "profile.cells",
              "profile.cell-ceiling-volts",
              "profile.current-amps")) {
        assertThat(props)
            .as(overlay + " bay " + bay)
            .containsKey("chargebay.bays." + bay + "." + required);
      }
    }
    // The environment sets the journal path, on the volume; the file must not say otherwise.
    assertThat(props).doesNotContainKey("chargebay.journal.path");
  }

  @ParameterizedTest
  @ValueSource(strings = {"workshop", "depot"})
  void the_bays_addresses_are_inside_the_device_network_the_policy_allows(String overlay)
      throws IOException {
    Rendered r = Rendered.overlay(overlay);
    Properties props = new Properties();
    props.load(new StringReader(r.configMap().getData().get("application.properties")));
    List<String> cidrs = new ArrayList<>();
    for (NetworkPolicyEgressRule e : r.networkPolicy().getSpec().getEgress()) {
      for (NetworkPolicyPeer p : e.getTo()) {
        if (p.getIpBlock() != null) {
          cidrs.add(p.getIpBlock().getCidr());
        }
      }
    }
    assertThat(cidrs).hasSize(1);
    for (String key : props.stringPropertyNames()) {
      if (key.endsWith(".supply.url") || key.endsWith(".bms.url")) {
        String host = URI.create(props.getProperty(key)).getHost();
        assertThat(inCidr(host, cidrs.get(0)))
            .as(key + " host " + host + " in " + cidrs.get(0))
            .isTrue();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"workshop", "depot"})
  void the_service_reaches_the_container_and_the_service_monitor_scrapes_q_metrics(String overlay) {
    Rendered r = Rendered.overlay(overlay);
    Map<String, String> podLabels =
        r.statefulSet().getSpec().getTemplate().getMetadata().getLabels();
    Service svc = r.service();
    assertThat(podLabels).containsAllEntriesOf(svc.getSpec().getSelector());
    assertThat(svc.getSpec().getPorts())
        .extracting(p -> p.getName() + "=" + p.getPort() + "->" + p.getTargetPort().getStrVal())
        .containsExactly("http=8080->http", "management=9000->management");
    ServicePort port = svc.getSpec().getPorts().get(1);
    assertThat(r.container().getPorts())
        .extracting(p -> p.getName())
        .contains(port.getTargetPort().getStrVal());

    ServiceMonitor sm = r.serviceMonitor();
    assertThat(svc.getMetadata().getLabels())
        .containsAllEntriesOf(sm.getSpec().getSelector().getMatchLabels());
    assertThat(sm.getSpec().getEndpoints()).hasSize(1);
    Endpoint ep = sm.getSpec().getEndpoints().get(0);
    assertThat(ep.getPort()).isEqualTo(port.getName());
    assertThat(ep.getPath()).isEqualTo("/q/metrics");
  }

  @ParameterizedTest
  @ValueSource(strings = {"workshop", "depot"})
  void the_network_policy_admits_8080_from_the_namespace_and_monitoring_and_9000_from_monitoring(
      String overlay) {
    Rendered r = Rendered.overlay(overlay);
    NetworkPolicy np = r.networkPolicy();
    assertThat(np.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    assertThat(r.statefulSet().getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(np.getSpec().getPodSelector().getMatchLabels());
    assertThat(np.getSpec().getIngress()).hasSize(2);
    NetworkPolicyIngressRule management = np.getSpec().getIngress().get(1);
    assertThat(management.getPorts())
        .extracting(p -> p.getProtocol() + "/" + p.getPort().getIntVal())
        .containsExactly("TCP/9000");
    assertThat(management.getFrom())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPodSelector()).isNull();
              assertThat(p.getNamespaceSelector().getMatchLabels())
                  .containsExactly(Map.entry("kubernetes.io/metadata.name", "monitoring"));
            });
    NetworkPolicyIngressRule in = np.getSpec().getIngress().get(0);
    assertThat(in.getPorts())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getPort().getIntVal()).isEqualTo(8080);
              assertThat(p.getProtocol()).isEqualTo("TCP");
            });
    assertThat(in.getFrom()).hasSize(2);
    assertThat(in.getFrom())
        .anySatisfy(
            p -> {
              assertThat(p.getNamespaceSelector()).isNull();
              assertThat(p.getPodSelector().getMatchLabels()).isNullOrEmpty();
              assertThat(p.getPodSelector().getMatchExpressions()).isNullOrEmpty();
            });
    assertThat(in.getFrom())
        .anySatisfy(
            p -> {
              assertThat(p.getPodSelector()).isNull();
              assertThat(p.getNamespaceSelector().getMatchLabels())
                  .containsExactly(Map.entry("kubernetes.io/metadata.name", "monitoring"));
            });
    assertThat(np.getSpec().getEgress())
        .anySatisfy(
            e -> {
              assertThat(ports(e)).containsExactlyInAnyOrder("UDP/53", "TCP/53");
              assertThat(e.getTo())
                  .singleElement()
                  .satisfies(
                      p ->
                          assertThat(p.getPodSelector().getMatchLabels())
                              .containsEntry("k8s-app", "kube-dns"));
            });
  }

  @Test
  void the_workshop_has_no_kafka() {
    Rendered r = Rendered.overlay("workshop");
    assertThat(r.find("KafkaTopic")).isEmpty();
    assertThat(r.container().getEnv())
        .extracting(EnvVar::getName)
        .noneMatch(n -> n.startsWith("CHARGEBAY_KAFKA_"));
    assertThat(r.configMap().getData().get("application.properties"))
        .doesNotContain("chargebay.kafka.");
    assertThat(r.networkPolicy().getSpec().getEgress())
        .flatExtracting(OverlaysTest::ports)
        .noneMatch(p -> p.equals("TCP/9092") || p.equals("TCP/9093"));
  }

  @Test
  void the_depot_publishes_to_the_kafka_topic_it_declares() {
    Rendered r = Rendered.overlay("depot");
    Container c = r.container();
    ObjectNode topic = r.one("KafkaTopic");
    assertThat(env(c, "CHARGEBAY_KAFKA_BOOTSTRAP_SERVERS"))
        .matches("[a-z0-9.-]+:[0-9]+(,[a-z0-9.-]+:[0-9]+)*");
    assertThat(env(c, "CHARGEBAY_KAFKA_TOPIC"))
        .isEqualTo("chargebay.events")
        .isEqualTo(topic.path("spec").path("topicName").asText());
    assertThat(env(c, "CHARGEBAY_KAFKA_CREATE_TOPIC")).isEqualTo("false");
    // acks=all: the topic must survive one broker down.
    int replicas = topic.path("spec").path("replicas").asInt();
    int minIsr = topic.path("spec").path("config").path("min.insync.replicas").asInt();
    assertThat(minIsr).isGreaterThanOrEqualTo(2).isLessThan(replicas);
    assertThat(topic.path("spec").path("partitions").asInt()).isEqualTo(6);

    // $(VAR) in an env value expands only variables defined before it in the list.
    List<String> names = c.getEnv().stream().map(EnvVar::getName).toList();
    for (int i = 0; i < c.getEnv().size(); i++) {
      String value = c.getEnv().get(i).getValue();
      Matcher m =
          Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)").matcher(value == null ? "" : value);
      while (m.find()) {
        assertThat(names.subList(0, i))
            .as(names.get(i) + " uses $(" + m.group(1) + ")")
            .contains(m.group(1));
      }
    }
    assertThat(env(c, "CHARGEBAY_KAFKA_RELAY_NAME")).isEqualTo("$(POD_NAMESPACE)-$(POD_NAME)");
    // Every CHARGEBAY_ variable is a documented configuration key.
    Set<String> known = ReadmeConfigKeys.keys();
    for (String n : names) {
      if (n.startsWith("CHARGEBAY_")) {
        assertThat(known).as(n).anyMatch(k -> k.toUpperCase().replaceAll("[.-]", "_").equals(n));
      }
    }
    assertThat(r.networkPolicy().getSpec().getEgress())
        .anySatisfy(
            e -> {
              assertThat(ports(e)).contains("TCP/9092");
              assertThat(e.getTo())
                  .singleElement()
                  .satisfies(
                      p ->
                          assertThat(p.getPodSelector().getMatchLabels())
                              .containsEntry(
                                  "strimzi.io/cluster",
                                  topic
                                      .path("metadata")
                                      .path("labels")
                                      .path("strimzi.io/cluster")
                                      .asText()));
            });
  }

  private static List<String> ports(NetworkPolicyEgressRule e) {
    List<String> out = new ArrayList<>();
    for (NetworkPolicyPort p : e.getPorts()) {
      out.add(p.getProtocol() + "/" + p.getPort().getIntVal());
    }
    return out;
  }

  private static String env(Container c, String name) {
    return c.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no env " + name));
  }

  private static VolumeMount mount(Container c, String volume) {
    return c.getVolumeMounts().stream()
        .filter(m -> m.getName().equals(volume))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no mount of " + volume));
  }

  private static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseGet(
            () -> new io.fabric8.kubernetes.api.model.VolumeBuilder().withName(name).build());
  }

  static boolean inCidr(String ip, String cidr) {
    try {
      String[] parts = cidr.split("/");
      byte[] net = InetAddress.getByName(parts[0]).getAddress();
      byte[] addr = InetAddress.getByName(ip).getAddress();
      int bits = Integer.parseInt(parts[1]);
      if (net.length != addr.length || !ip.matches("[0-9.]+")) {
        return false;
      }
      for (int i = 0; i < bits; i++) {
        int mask = 0x80 >> (i % 8);
        if ((net[i / 8] & mask) != (addr[i / 8] & mask)) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void cidr_membership_is_computed_bitwise() {
    assertThat(inCidr("192.0.2.21", "192.0.2.0/24")).isTrue();
    assertThat(inCidr("192.0.3.21", "192.0.2.0/24")).isFalse();
    assertThat(inCidr("10.1.2.3", "10.0.0.0/8")).isTrue();
    assertThat(inCidr("11.1.2.3", "10.0.0.0/8")).isFalse();
  }
}
