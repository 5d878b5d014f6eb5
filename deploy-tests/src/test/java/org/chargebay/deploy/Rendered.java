package org.chargebay.deploy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.util.List;
import java.util.Optional;

/** One overlay rendered by {@link KustomizeRenderer}, with typed access to its objects. */
record Rendered(String overlay, List<ObjectNode> objects) {
  static Rendered overlay(String name) {
    return new Rendered(name, KustomizeRenderer.render(Repo.path("k8s/overlays/" + name)));
  }

  Optional<ObjectNode> find(String kind) {
    List<ObjectNode> hits =
        objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    if (hits.size() > 1) {
      throw new IllegalStateException(
          overlay + " renders " + hits.size() + " " + kind + " objects");
    }
    return hits.stream().findFirst();
  }

  ObjectNode one(String kind) {
    return find(kind).orElseThrow(() -> new AssertionError(overlay + " renders no " + kind));
  }

  <T extends HasMetadata> T typed(String kind, Class<T> type) {
    return ManifestValidator.typed(one(kind), type);
  }

  StatefulSet statefulSet() {
    return typed("StatefulSet", StatefulSet.class);
  }

  Container container() {
    List<Container> cs = statefulSet().getSpec().getTemplate().getSpec().getContainers();
    if (cs.size() != 1) {
      throw new AssertionError(overlay + ": expected one container, found " + cs.size());
    }
    return cs.get(0);
  }

  Service service() {
    return typed("Service", Service.class);
  }

  ConfigMap configMap() {
    return typed("ConfigMap", ConfigMap.class);
  }

  NetworkPolicy networkPolicy() {
    return typed("NetworkPolicy", NetworkPolicy.class);
  }

  ServiceMonitor serviceMonitor() {
    return typed("ServiceMonitor", ServiceMonitor.class);
  }

  PrometheusRule prometheusRule() {
    return typed("PrometheusRule", PrometheusRule.class);
  }
}
