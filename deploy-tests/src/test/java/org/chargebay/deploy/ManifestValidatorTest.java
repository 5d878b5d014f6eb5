package org.chargebay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** The validator finds what the API server would refuse; each case is one small object. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class ManifestValidatorTest {
  private static final String STATEFUL_SET =
      """
      apiVersion: apps/v1
      kind: StatefulSet
      metadata:
        name: chargebay
      spec:
        replicas: 1
        serviceName: chargebay
        selector:
          matchLabels: {app: chargebay}
        template:
          metadata:
            labels: {app: chargebay}
          spec:
            containers:
              - name: chargebay
                image: chargebay:1
                ports: [{name: http, containerPort: 8080}]
                env: [{name: A, value: "x"}]
                livenessProbe:
                  httpGet: {path: /q/health/live, port: http}
                volumeMounts: [{name: journal, mountPath: /var/lib/chargebay}]
        volumeClaimTemplates:
          - metadata: {name: journal}
            spec:
              accessModes: [ReadWriteOnce]
              resources: {requests: {storage: 1Gi}}
      """;

  private static JsonNode yaml(String text) {
    try {
      return Repo.YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static List<String> problemsWith(String from, String to) {
    assertThat(STATEFUL_SET).contains(from);
    return ManifestValidator.problems(yaml(STATEFUL_SET.replace(from, to)));
  }

  @Test
  void accepts_a_valid_stateful_set() {
    assertThat(ManifestValidator.problems(yaml(STATEFUL_SET))).isEmpty();
  }

  @Test
  void rejects_a_misspelt_field_at_any_depth() {
    assertThat(problemsWith("replicas: 1", "replica: 1"))
        .containsExactly("spec: unknown field(s) [replica]");
    assertThat(problemsWith("mountPath:", "mountpath:"))
        .anyMatch(
            p ->
                p.contains(
                    "spec.template.spec.containers[0].volumeMounts[0]: unknown field(s) [mountpath]"));
  }

  @Test
  void rejects_an_unquoted_boolean_or_number_where_the_api_wants_a_string() {
    assertThat(problemsWith("value: \"x\"", "value: false"))
        .singleElement()
        .asString()
        .contains("does not fit the StatefulSet schema");
    assertThat(problemsWith("labels: {app: chargebay}", "labels: {app: 7}")).isNotEmpty();
  }

  @Test
  void rejects_a_string_where_the_api_wants_a_number() {
    assertThat(problemsWith("replicas: 1", "replicas: one"))
        .singleElement()
        .asString()
        .contains("does not fit");
  }

  @Test
  void rejects_a_selector_that_does_not_match_the_template() {
    assertThat(problemsWith("matchLabels: {app: chargebay}", "matchLabels: {app: other}"))
        .containsExactly("spec.selector does not match the template's labels (app=other)");
  }

  @Test
  void rejects_a_probe_on_a_port_the_container_does_not_have() {
    assertThat(problemsWith("port: http}", "port: web}"))
        .singleElement()
        .asString()
        .contains("names port");
  }

  @Test
  void rejects_a_mount_of_a_volume_that_does_not_exist() {
    assertThat(problemsWith("{name: journal, mountPath", "{name: data, mountPath"))
        .containsExactly("container chargebay: volumeMount data names no volume");
  }

  @Test
  void rejects_invalid_names_and_label_values() {
    assertThat(problemsWith("name: chargebay\nspec", "name: Charge_Bay\nspec"))
        .anyMatch(p -> p.contains("DNS-1123"));
    assertThat(problemsWith("labels: {app: chargebay}", "labels: {app: \"charge bay\"}"))
        .contains("spec.template.metadata.labels app=charge bay is not a valid label");
    assertThat(
            ManifestValidator.problems(
                yaml(
                    STATEFUL_SET.replace(
                        "name: chargebay\nspec", "name: chargebay\n  labels: {a: \"-x\"}\nspec"))))
        .containsExactly("metadata.labels.a value '-x' is not a label value");
  }

  @Test
  void rejects_an_unknown_kind_or_api_version() {
    assertThat(ManifestValidator.problems(yaml(STATEFUL_SET.replace("apps/v1", "apps/v1beta1"))))
        .singleElement()
        .asString()
        .startsWith("unknown apiVersion/kind apps/v1beta1 StatefulSet");
  }

  @Test
  void checks_the_prometheus_operator_kinds_against_their_model() {
    String sm =
        """
        apiVersion: monitoring.coreos.com/v1
        kind: ServiceMonitor
        metadata: {name: chargebay}
        spec:
          selector: {matchLabels: {app: chargebay}}
          endpoints: [{port: http, path: /q/metrics}]
        """;
    assertThat(ManifestValidator.problems(yaml(sm))).isEmpty();
    assertThat(ManifestValidator.problems(yaml(sm.replace("endpoints:", "endpoint:"))))
        .containsExactly("spec: unknown field(s) [endpoint]");
    String rule =
        """
        apiVersion: monitoring.coreos.com/v1
        kind: PrometheusRule
        metadata: {name: chargebay}
        spec:
          groups:
            - name: g
              rules:
                - alert: A
                  expr: up == 0
                  for: 5m
        """;
    assertThat(ManifestValidator.problems(yaml(rule))).isEmpty();
    assertThat(ManifestValidator.problems(yaml(rule.replace("expr:", "exp:"))))
        .containsExactly("spec.groups[0].rules[0]: unknown field(s) [exp]");
  }

  @Test
  void checks_a_kafka_topic_against_the_strimzi_crd_fields() {
    String topic =
        """
        apiVersion: kafka.strimzi.io/v1beta2
        kind: KafkaTopic
        metadata:
          name: chargebay.events
          labels: {strimzi.io/cluster: depot-kafka}
        spec:
          partitions: 6
          replicas: 3
          config: {retention.ms: -1}
        """;
    assertThat(ManifestValidator.problems(yaml(topic))).isEmpty();
    assertThat(
            ManifestValidator.problems(yaml(topic.replace("partitions: 6", "partitions: \"6\""))))
        .containsExactly("KafkaTopic: spec.partitions must be an integer of at least 1");
    assertThat(ManifestValidator.problems(yaml(topic.replace("replicas: 3", "replica: 3"))))
        .hasSize(2)
        .anyMatch(p -> p.startsWith("KafkaTopic: unknown field spec.replica "))
        .contains("KafkaTopic: spec.replicas must be an integer from 1 to 32767");
    assertThat(
            ManifestValidator.problems(
                yaml(topic.replace("labels: {strimzi.io/cluster: depot-kafka}", "labels: {}"))))
        .containsExactly("KafkaTopic: metadata.labels.strimzi.io/cluster is required");
  }

  @Test
  void checks_config_map_data_is_strings() {
    String cm =
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: c}
        data: {a: "1"}
        """;
    assertThat(ManifestValidator.problems(yaml(cm))).isEmpty();
    assertThat(ManifestValidator.problems(yaml(cm.replace("\"1\"", "1"))))
        .singleElement()
        .asString()
        .contains("does not fit the ConfigMap schema");
  }
}
