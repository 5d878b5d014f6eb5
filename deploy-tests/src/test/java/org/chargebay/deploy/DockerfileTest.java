package org.chargebay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * charger-control/src/main/docker/Dockerfile.jvm against the application Maven just packaged
 * (charger-control/target/quarkus-app): no image is built here, so what is checked is that every
 * COPY finds its files and that together they carry the whole Quarkus app to where the entrypoint
 * looks for it.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class DockerfileTest {
  static final Path CONTEXT = Repo.path("charger-control");
  static final Dockerfile DOCKERFILE =
      Dockerfile.read(CONTEXT.resolve("src/main/docker/Dockerfile.jvm"));

  @Test
  void the_image_is_the_ubi_openjdk_17_runtime_pinned_and_runs_as_185() {
    assertThat(DOCKERFILE.all("FROM"))
        .singleElement()
        .asString()
        .matches("registry\\.access\\.redhat\\.com/ubi9/openjdk-17-runtime:[0-9][0-9.\\-]*");
    assertThat(DOCKERFILE.last("USER")).isEqualTo("185");
    assertThat(DOCKERFILE.all("EXPOSE")).containsExactly("8080 9000");
    assertThat(DOCKERFILE.last("WORKDIR")).isEqualTo("/deployments");
    assertThat(DOCKERFILE.last("ENTRYPOINT"))
        .isEqualTo("[ \"/opt/jboss/container/java/run/run-java.sh\" ]");
    assertThat(DOCKERFILE.env("CHARGEBAY_JOURNAL_PATH"))
        .isEqualTo("/var/lib/chargebay/chargebay.db");
  }

  @Test
  void the_copies_carry_the_whole_packaged_quarkus_app_to_deployments() throws IOException {
    Path app = CONTEXT.resolve("target/quarkus-app");
    assertThat(app.resolve("quarkus-run.jar"))
        .as("charger-control is packaged first (./mvnw package builds it before this module)")
        .isRegularFile();
    Set<String> copied = new TreeSet<>();
    for (String copy : DOCKERFILE.all("COPY")) {
      List<String> parts = new ArrayList<>(List.of(copy.split("\\s+")));
      assertThat(parts.remove(0)).as(copy).isEqualTo("--chown=185");
      String dest = parts.remove(parts.size() - 1);
      assertThat(dest).as(copy).startsWith("/deployments/");
      for (String src : parts) {
        List<Path> matches = glob(src);
        assertThat(matches)
            .as("COPY source " + src + " in the build context charger-control/")
            .isNotEmpty();
        for (Path m : matches) {
          // Each source is one entry of the app folder, landing under the same name.
          assertThat(m.getParent()).as(src).isEqualTo(app);
          assertThat(dest)
              .as(copy)
              .isEqualTo(
                  Files.isDirectory(m) ? "/deployments/" + m.getFileName() + "/" : "/deployments/");
          copied.add("/deployments/" + m.getFileName());
        }
      }
    }
    Set<String> needed = new TreeSet<>();
    try (Stream<Path> top = Files.list(app)) {
      top.filter(p -> Files.isDirectory(p) || p.toString().endsWith(".jar"))
          .forEach(p -> needed.add("/deployments/" + p.getFileName()));
    }
    assertThat(copied).isEqualTo(needed);
    assertThat(copied).contains(DOCKERFILE.env("JAVA_APP_JAR"));
  }

  private static List<Path> glob(String src) throws IOException {
    Path base = CONTEXT;
    String pattern = src.replaceAll("/$", "");
    PathMatcher matcher =
        FileSystems.getDefault().getPathMatcher("glob:" + CONTEXT.resolve(pattern));
    Path parent = CONTEXT.resolve(pattern).getParent();
    if (!Files.isDirectory(parent)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(parent)) {
      return s.filter(matcher::matches).filter(p -> p.startsWith(base)).sorted().toList();
    }
  }
}
