package org.chargebay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java renderer agrees with real kustomize ({@code kubectl kustomize}, offline) object for
 * object, so that what the other tests validate is what {@code kubectl apply -k} would apply.
 * kubectl must be on the PATH (the build machines have it; any kubectl of 1.21 or later embeds
 * kustomize v4 or later).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class KustomizeCrossCheckTest {
  @ParameterizedTest
  @ValueSource(strings = {"workshop", "depot"})
  void the_java_renderer_matches_kubectl_kustomize(String overlay) throws Exception {
    Path dir = Repo.path("k8s/overlays/" + overlay);
    Map<String, JsonNode> expected = byId(kubectlKustomize(dir));
    Map<String, JsonNode> actual = new TreeMap<>();
    for (ObjectNode o : KustomizeRenderer.render(dir)) {
      actual.put(KustomizeRenderer.id(o), o);
    }
    assertThat(actual.keySet()).isEqualTo(expected.keySet());
    for (String id : expected.keySet()) {
      assertThat(actual.get(id)).as(id).isEqualTo(expected.get(id));
    }
  }

  private static Map<String, JsonNode> byId(Path rendered) {
    Map<String, JsonNode> out = new TreeMap<>();
    for (JsonNode o : Repo.readAll(rendered)) {
      out.put(KustomizeRenderer.id(o), o);
    }
    return out;
  }

  private static Path kubectlKustomize(Path dir) throws IOException, InterruptedException {
    Path out = Files.createTempFile("kustomize-", ".yaml");
    Path err = Files.createTempFile("kustomize-", ".err");
    Process p;
    try {
      p =
          new ProcessBuilder("kubectl", "kustomize", dir.toString())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .start();
    } catch (IOException e) {
      throw new AssertionError(
          "kubectl is not on the PATH: it renders the overlays for this check "
              + "(install kubectl 1.21 or later, which embeds kustomize)",
          e);
    }
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("kubectl kustomize finished in 120 s").isTrue();
    assertThat(p.exitValue())
        .as("kubectl kustomize " + dir + ": " + Files.readString(err, StandardCharsets.UTF_8))
        .isZero();
    Files.delete(err);
    out.toFile().deleteOnExit();
    return out;
  }
}
