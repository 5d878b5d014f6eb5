package org.chargebay.deploy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks rendered Kubernetes objects offline against the API's schemas.
 *
 * <p>Core kinds and the Prometheus Operator's ServiceMonitor and PrometheusRule are read into the
 * fabric8 model classes strictly: a field the schema does not have (fabric8 keeps those in {@code
 * additionalProperties}, which is checked to be empty everywhere in the object), or a value of the
 * wrong type (a number or boolean where the API wants a string, as in an unquoted {@code "false"}
 * env value), is a problem. On top of that come the API server's own rules that a schema cannot
 * express and that these files could break: names, labels, selectors that match, probes and mounts
 * that name what exists. Strimzi's KafkaTopic, which has no model here, is checked against its
 * CRD's fields. Any other apiVersion and kind is refused.
 */
final class ManifestValidator {
  record Kind(String apiVersion, String kind) {}

  static final Map<Kind, Class<? extends HasMetadata>> MODELS =
      Map.of(
          new Kind("v1", "ConfigMap"), ConfigMap.class,
          new Kind("v1", "Service"), Service.class,
          new Kind("apps/v1", "StatefulSet"), StatefulSet.class,
          new Kind("networking.k8s.io/v1", "NetworkPolicy"), NetworkPolicy.class,
          new Kind("monitoring.coreos.com/v1", "ServiceMonitor"), ServiceMonitor.class,
          new Kind("monitoring.coreos.com/v1", "PrometheusRule"), PrometheusRule.class);

  static final Kind KAFKA_TOPIC = new Kind("kafka.strimzi.io/v1beta2", "KafkaTopic");

  private static final ObjectMapper STRICT = strictMapper();
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern LABEL_NAME =
      Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  private static final Pattern PORT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

  private ManifestValidator() {}

  private static ObjectMapper strictMapper() {
    JsonMapper m =
        JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();
    for (CoercionInputShape shape :
        List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
      m.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
    }
    for (LogicalType t : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
      m.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }
    return m;
  }

  /** The object read into its fabric8 model class, strictly; throws if it does not fit. */
  static <T extends HasMetadata> T typed(JsonNode object, Class<T> type) {
    List<String> problems = problems(object);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(KustomizeRenderer.id(object) + ": " + problems);
    }
    try {
      return STRICT.treeToValue(object, type);
    } catch (Exception e) {
      throw new IllegalArgumentException(KustomizeRenderer.id(object) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Where {@code object} does not fit the fabric8 model {@code type}: wrong types, unknown fields.
   */
  static List<String> schemaProblems(JsonNode object, Class<?> type) {
    List<String> out = new ArrayList<>();
    try {
      unknownFields(STRICT.treeToValue(object, type), "", out);
    } catch (Exception e) {
      out.add(
          "does not fit the "
              + type.getSimpleName()
              + " schema: "
              + e.getMessage().lines().findFirst().orElse(""));
    }
    return out;
  }

  /** Every way the object breaks the API's schema or rules; empty when it is valid. */
  static List<String> problems(JsonNode object) {
    List<String> out = new ArrayList<>();
    Kind kind = new Kind(object.path("apiVersion").asText(), object.path("kind").asText());
    metadata(object.path("metadata"), out);
    if (kind.equals(KAFKA_TOPIC)) {
      kafkaTopic(object, out);
      return out;
    }
    Class<? extends HasMetadata> type = MODELS.get(kind);
    if (type == null) {
      out.add(
          "unknown apiVersion/kind "
              + kind.apiVersion()
              + " "
              + kind.kind()
              + " (known: "
              + MODELS.keySet()
              + ", "
              + KAFKA_TOPIC
              + ")");
      return out;
    }
    HasMetadata typed;
    try {
      typed = STRICT.treeToValue(object, type);
    } catch (Exception e) {
      out.add(
          "does not fit the "
              + kind.kind()
              + " schema: "
              + e.getMessage().lines().findFirst().orElse(""));
      return out;
    }
    unknownFields(typed, "", out);
    if (typed instanceof StatefulSet s) {
      statefulSet(s, out);
    } else if (typed instanceof Service s) {
      service(s, out);
    }
    return out;
  }

  private static void metadata(JsonNode m, List<String> out) {
    String name = m.path("name").asText("");
    if (name.isEmpty() || name.length() > 253 || !DNS_SUBDOMAIN.matcher(name).matches()) {
      out.add("metadata.name '" + name + "' is not a DNS-1123 subdomain");
    }
    for (String section : List.of("labels", "annotations")) {
      for (Iterator<Map.Entry<String, JsonNode>> it = m.path(section).fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!qualifiedName(e.getKey())) {
          out.add("metadata." + section + " key '" + e.getKey() + "' is not a qualified name");
        }
        if (!e.getValue().isTextual()) {
          out.add("metadata." + section + "." + e.getKey() + " must be a string");
        } else if (section.equals("labels")) {
          String v = e.getValue().asText();
          if (v.length() > 63 || !(v.isEmpty() || LABEL_NAME.matcher(v).matches())) {
            out.add("metadata.labels." + e.getKey() + " value '" + v + "' is not a label value");
          }
        }
      }
    }
  }

  private static boolean qualifiedName(String key) {
    int slash = key.indexOf('/');
    String prefix = slash < 0 ? null : key.substring(0, slash);
    String name = slash < 0 ? key : key.substring(slash + 1);
    return (prefix == null || (prefix.length() <= 253 && DNS_SUBDOMAIN.matcher(prefix).matches()))
        && name.length() <= 63
        && LABEL_NAME.matcher(name).matches();
  }

  /** Fields the schema lacks end up in fabric8's additionalProperties maps, at any depth. */
  private static void unknownFields(Object o, String path, List<String> out) {
    if (o == null) {
      return;
    }
    if (o instanceof Map<?, ?> map) {
      map.forEach((k, v) -> unknownFields(v, path + "." + k, out));
      return;
    }
    if (o instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        unknownFields(list.get(i), path + "[" + i + "]", out);
      }
      return;
    }
    if (!o.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Class<?> c = o.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())) {
          continue;
        }
        Object v;
        try {
          f.setAccessible(true);
          v = f.get(o);
        } catch (ReflectiveOperationException | RuntimeException e) {
          throw new IllegalStateException("cannot read " + c.getName() + "." + f.getName(), e);
        }
        if (f.getName().equals("additionalProperties")) {
          if (v instanceof Map<?, ?> extra && !extra.isEmpty()) {
            out.add(
                (path.isEmpty() ? "(top level)" : path.substring(1))
                    + ": unknown field(s) "
                    + extra.keySet());
          }
          continue;
        }
        JsonProperty p = f.getAnnotation(JsonProperty.class);
        unknownFields(
            v, path + "." + (p != null && !p.value().isEmpty() ? p.value() : f.getName()), out);
      }
    }
  }

  private static void statefulSet(StatefulSet s, List<String> out) {
    var spec = s.getSpec();
    if (spec == null || spec.getTemplate() == null || spec.getTemplate().getSpec() == null) {
      out.add("spec.template.spec is required");
      return;
    }
    if (spec.getSelector() == null || spec.getSelector().getMatchLabels() == null) {
      out.add("spec.selector.matchLabels is required");
    } else {
      Map<String, String> labels =
          spec.getTemplate().getMetadata() == null
              ? Map.of()
              : spec.getTemplate().getMetadata().getLabels();
      spec.getSelector()
          .getMatchLabels()
          .forEach(
              (k, v) -> {
                if (labels == null || !v.equals(labels.get(k))) {
                  out.add(
                      "spec.selector does not match the template's labels (" + k + "=" + v + ")");
                }
              });
    }
    if (spec.getTemplate().getMetadata() != null) {
      spec.getTemplate()
          .getMetadata()
          .getLabels()
          .forEach(
              (k, v) -> {
                if (!qualifiedName(k)
                    || v.length() > 63
                    || !(v.isEmpty() || LABEL_NAME.matcher(v).matches())) {
                  out.add("spec.template.metadata.labels " + k + "=" + v + " is not a valid label");
                }
              });
    }
    if (!DNS_LABEL.matcher(s.getMetadata().getName()).matches()) {
      out.add("a StatefulSet's name must be a DNS-1123 label (it names the pods)");
    }
    Set<String> volumes = new HashSet<>();
    PodSpec pod = spec.getTemplate().getSpec();
    for (Volume v : pod.getVolumes()) {
      if (!volumes.add(v.getName())) {
        out.add("volume " + v.getName() + " is defined twice");
      }
    }
    for (PersistentVolumeClaim c : spec.getVolumeClaimTemplates()) {
      if (!volumes.add(c.getMetadata().getName())) {
        out.add("volume " + c.getMetadata().getName() + " is defined twice");
      }
      if (c.getSpec() == null || c.getSpec().getAccessModes().isEmpty()) {
        out.add("volumeClaimTemplate " + c.getMetadata().getName() + " needs accessModes");
      }
    }
    if (pod.getContainers().isEmpty()) {
      out.add("spec.template.spec.containers must not be empty");
    }
    for (Container c : pod.getContainers()) {
      container(c, volumes, out);
    }
  }

  private static void container(Container c, Set<String> volumes, List<String> out) {
    String at = "container " + c.getName();
    if (c.getName() == null || !DNS_LABEL.matcher(c.getName()).matches()) {
      out.add(at + ": name must be a DNS-1123 label");
    }
    if (c.getImage() == null || c.getImage().isBlank()) {
      out.add(at + ": image is required");
    }
    Set<String> portNames = new HashSet<>();
    for (ContainerPort p : c.getPorts()) {
      if (p.getContainerPort() == null
          || p.getContainerPort() < 1
          || p.getContainerPort() > 65535) {
        out.add(at + ": containerPort must be 1-65535");
      }
      if (p.getName() != null) {
        if (p.getName().length() > 15
            || !PORT_NAME.matcher(p.getName()).matches()
            || !p.getName().matches(".*[a-z].*")) {
          out.add(at + ": port name '" + p.getName() + "' is not an IANA service name");
        }
        portNames.add(p.getName());
      }
    }
    for (var e : c.getEnv()) {
      if (!ENV_NAME.matcher(e.getName()).matches()) {
        out.add(at + ": env name '" + e.getName() + "' is not valid");
      }
      if (e.getValue() != null && e.getValueFrom() != null) {
        out.add(at + ": env " + e.getName() + " has both value and valueFrom");
      }
    }
    for (Probe p : new Probe[] {c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe()}) {
      if (p != null && p.getHttpGet() != null) {
        IntOrString port = p.getHttpGet().getPort();
        if (port == null || (port.getStrVal() != null && !portNames.contains(port.getStrVal()))) {
          out.add(
              at
                  + ": probe "
                  + p.getHttpGet().getPath()
                  + " names port "
                  + port
                  + ", which the container does not have");
        }
      }
    }
    Set<String> paths = new HashSet<>();
    for (VolumeMount m : c.getVolumeMounts()) {
      if (!volumes.contains(m.getName())) {
        out.add(at + ": volumeMount " + m.getName() + " names no volume");
      }
      if (!paths.add(m.getMountPath())) {
        out.add(at + ": mountPath " + m.getMountPath() + " is used twice");
      }
    }
  }

  private static void service(Service s, List<String> out) {
    if (!DNS_1035_LABEL.matcher(s.getMetadata().getName()).matches()) {
      out.add("a Service's name must be a DNS-1035 label");
    }
    for (ServicePort p : s.getSpec().getPorts()) {
      if (p.getPort() == null || p.getPort() < 1 || p.getPort() > 65535) {
        out.add("Service port must be 1-65535");
      }
      if (s.getSpec().getPorts().size() > 1 && p.getName() == null) {
        out.add("Service ports need names when there are several");
      }
    }
  }

  /** Strimzi's KafkaTopic CRD (kafka.strimzi.io/v1beta2): the spec's fields and their types. */
  private static void kafkaTopic(JsonNode o, List<String> out) {
    Set<String> top = Set.of("apiVersion", "kind", "metadata", "spec");
    o.fieldNames()
        .forEachRemaining(
            f -> {
              if (!top.contains(f)) {
                out.add("KafkaTopic: unknown field " + f);
              }
            });
    JsonNode spec = o.path("spec");
    if (!spec.isObject()) {
      out.add("KafkaTopic: spec is required");
      return;
    }
    Set<String> fields = Set.of("partitions", "replicas", "config", "topicName");
    spec.fieldNames()
        .forEachRemaining(
            f -> {
              if (!fields.contains(f)) {
                out.add("KafkaTopic: unknown field spec." + f + " (the CRD has " + fields + ")");
              }
            });
    if (!spec.path("partitions").isInt() || spec.path("partitions").asInt() < 1) {
      out.add("KafkaTopic: spec.partitions must be an integer of at least 1");
    }
    if (!spec.path("replicas").isInt()
        || spec.path("replicas").asInt() < 1
        || spec.path("replicas").asInt() > 32767) {
      out.add("KafkaTopic: spec.replicas must be an integer from 1 to 32767");
    }
    if (spec.has("topicName") && !spec.get("topicName").isTextual()) {
      out.add("KafkaTopic: spec.topicName must be a string");
    }
    if (spec.has("config")) {
      if (!spec.get("config").isObject()) {
        out.add("KafkaTopic: spec.config must be a mapping");
      } else {
        spec.get("config")
            .fields()
            .forEachRemaining(
                e -> {
                  if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    out.add("KafkaTopic: spec.config." + e.getKey() + " must be a scalar");
                  }
                });
      }
    }
    // The Topic Operator only handles topics labelled with the Kafka cluster they belong to.
    if (!o.path("metadata").path("labels").path("strimzi.io/cluster").isTextual()) {
      out.add("KafkaTopic: metadata.labels.strimzi.io/cluster is required");
    }
  }
}
