package org.chargebay.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.kustomize.v1beta1.Kustomization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The renderer's kustomize subset, each feature on a throw-away kustomization. */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class KustomizeRendererTest {
  @TempDir Path dir;

  private static final String DEPLOY =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata: {name: app}
      spec:
        template:
          spec:
            containers:
              - name: app
                env: [{name: A, value: a}]
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: cfg}
      data: {one: "1", two: "2"}
      """;

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  private void base() throws IOException {
    write(
        "base/kustomization.yaml",
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [objects.yaml]\n");
    write("base/objects.yaml", DEPLOY);
  }

  private List<ObjectNode> overlay(String kustomizationTail) throws IOException {
    write(
        "overlay/kustomization.yaml",
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [../base]\n"
            + kustomizationTail);
    return KustomizeRenderer.render(dir.resolve("overlay"));
  }

  @Test
  void every_kustomization_in_k8s_fits_the_kustomize_schema() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.walk(Repo.path("k8s"))) {
      files =
          s.filter(p -> p.getFileName().toString().equals("kustomization.yaml")).sorted().toList();
    }
    assertThat(files)
        .extracting(f -> Repo.root().relativize(f).toString())
        .containsExactly(
            "k8s/base/kustomization.yaml",
            "k8s/overlays/depot/kustomization.yaml",
            "k8s/overlays/workshop/kustomization.yaml");
    for (Path f : files) {
      assertThat(ManifestValidator.schemaProblems(Repo.readObject(f), Kustomization.class))
          .as(f.toString())
          .isEmpty();
    }
    assertThat(
            ManifestValidator.schemaProblems(
                Repo.YAML.readTree(
                    "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\npatchesStrategicMerge: [a.yaml]\npatch: [b.yaml]\n"),
                Kustomization.class))
        .containsExactly("(top level): unknown field(s) [patch]");
  }

  @Test
  void renders_a_base_through_an_overlay_and_sets_the_namespace() throws IOException {
    base();
    List<ObjectNode> out = overlay("namespace: ns\n");
    assertThat(out)
        .extracting(KustomizeRenderer::id)
        .containsExactly("Deployment/ns/app", "ConfigMap/ns/cfg");
  }

  @Test
  void applies_a_json_patch_add_at_the_end_of_a_list_and_replace_and_remove() throws IOException {
    base();
    write(
        "overlay/p.yaml",
        """
        - {op: add, path: /spec/template/spec/containers/0/env/-, value: {name: B, value: b}}
        - {op: add, path: /spec/template/spec/containers/0/env/0, value: {name: Z, value: z}}
        - {op: replace, path: /metadata/name, value: app2}
        - {op: remove, path: /spec/template/spec/containers/0/env/1}
        """);
    List<ObjectNode> out =
        overlay("patches: [{path: p.yaml, target: {kind: Deployment, name: app}}]\n");
    ObjectNode d = out.get(0);
    assertThat(d.at("/metadata/name").asText()).isEqualTo("app2");
    assertThat(d.at("/spec/template/spec/containers/0/env").toString())
        .isEqualTo("[{\"name\":\"Z\",\"value\":\"z\"},{\"name\":\"B\",\"value\":\"b\"}]");
  }

  @Test
  void merges_a_strategic_merge_patch_of_maps_key_by_key_and_deletes_on_null() throws IOException {
    base();
    write(
        "overlay/p.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\ndata: {two: \"22\", three: \"3\", one: null}\n");
    List<ObjectNode> out = overlay("patches: [{path: p.yaml}]\n");
    assertThat(out.get(1).get("data").toString()).isEqualTo("{\"two\":\"22\",\"three\":\"3\"}");
  }

  @Test
  void refuses_what_it_does_not_implement_instead_of_ignoring_it() throws IOException {
    base();
    assertThatThrownBy(() -> overlay("images: [{name: app, newTag: \"2\"}]\n"))
        .hasMessageContaining("unsupported kustomization field 'images'");
    write(
        "overlay/p.yaml",
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: app}\nspec: {template: {spec: {containers: []}}}\n");
    assertThatThrownBy(() -> overlay("patches: [{path: p.yaml}]\n"))
        .hasMessageContaining("strategic merge of lists is not supported here, use a JSON patch");
    write("overlay/p.yaml", "- {op: move, from: /a, path: /b}\n");
    assertThatThrownBy(
            () -> overlay("patches: [{path: p.yaml, target: {kind: Deployment, name: app}}]\n"))
        .hasMessageContaining("JSON patch op 'move' is not supported");
  }

  @Test
  void refuses_a_patch_that_matches_nothing_and_a_file_outside_the_folder() throws IOException {
    base();
    write("overlay/p.yaml", "- {op: add, path: /metadata/labels, value: {}}\n");
    assertThatThrownBy(
            () -> overlay("patches: [{path: p.yaml, target: {kind: Deployment, name: nope}}]\n"))
        .hasMessageContaining("matches 0 objects Deployment/nope");
    write("elsewhere.yaml", "- {op: add, path: /metadata/labels, value: {}}\n");
    assertThatThrownBy(
            () ->
                overlay(
                    "patches: [{path: ../elsewhere.yaml, target: {kind: Deployment, name: app}}]\n"))
        .hasMessageContaining("is outside the kustomization's folder");
  }

  @Test
  void refuses_an_object_defined_twice() throws IOException {
    base();
    write("overlay/again.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg}\n");
    write(
        "overlay/kustomization.yaml",
        "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [../base, again.yaml]\n");
    assertThatThrownBy(() -> KustomizeRenderer.render(dir.resolve("overlay")))
        .hasMessageContaining("ConfigMap//cfg is defined twice");
  }
}
