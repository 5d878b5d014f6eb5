package org.chargebay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/** The image, the Kubernetes pod, systemd and compose agree on user, paths and signals. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DeploymentsAgreeTest {
  @Test
  void every_install_keeps_the_journal_at_the_same_path() {
    String image = DockerfileTest.DOCKERFILE.env("CHARGEBAY_JOURNAL_PATH");
    Container pod = Rendered.overlay("workshop").container();
    String k8s =
        pod.getEnv().stream()
            .filter(e -> e.getName().equals("CHARGEBAY_JOURNAL_PATH"))
            .map(EnvVar::getValue)
            .findFirst()
            .orElseThrow();
    List<String> systemd =
        SystemdUnitTest.parse(SystemdUnitTest.UNIT).get("Service").get("Environment");
    String compose =
        ComposeTest.COMPOSE.at("/services/chargebay/environment/CHARGEBAY_JOURNAL_PATH").asText();
    assertThat(List.of(image, k8s, compose)).containsOnly("/var/lib/chargebay/chargebay.db");
    assertThat(systemd).contains("CHARGEBAY_JOURNAL_PATH=" + image);
  }

  @Test
  void the_pod_runs_the_image_as_its_own_user_in_its_working_directory() {
    Rendered r = Rendered.overlay("workshop");
    Container c = r.container();
    assertThat(c.getWorkingDir()).isEqualTo(DockerfileTest.DOCKERFILE.last("WORKDIR"));
    assertThat(String.valueOf(c.getSecurityContext().getRunAsUser()))
        .isEqualTo(DockerfileTest.DOCKERFILE.last("USER"));
    // the API port and the management port (metrics, health), in the image's order
    assertThat(
            c.getPorts().stream()
                .map(p -> p.getContainerPort().toString())
                .collect(java.util.stream.Collectors.joining(" ")))
        .isEqualTo(DockerfileTest.DOCKERFILE.all("EXPOSE").get(0));
    Map<String, String> composeMounts = ComposeTest.mounts("chargebay");
    String configMount =
        c.getVolumeMounts().stream()
            .filter(m -> m.getName().equals("config"))
            .findFirst()
            .orElseThrow()
            .getMountPath();
    assertThat(composeMounts).containsKey(configMount + "/application.properties");
  }
}
