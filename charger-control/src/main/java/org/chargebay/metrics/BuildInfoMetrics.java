package org.chargebay.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * {@code chargebay_build_info{version, commit} 1}: which build is running, for dashboards and for
 * telling controllers of a fleet apart. The values come from {@value #RESOURCE}, written at build
 * time (Maven project version; {@code git rev-parse HEAD} where the build ran in a git checkout,
 * else {@code unknown}).
 */
@ApplicationScoped
public class BuildInfoMetrics {
  static final String RESOURCE = "chargebay-build.properties";

  @Inject MeterRegistry registry;

  void onStart(@Observes StartupEvent event) {
    Properties build = read();
    Gauge.builder("chargebay.build.info", () -> 1)
        .description("1, labelled with the running build's version and git commit")
        .tags(
            "version", build.getProperty("version", "unknown"),
            "commit", build.getProperty("commit", "unknown"))
        .register(registry);
  }

  /** The build properties; empty if the resource is missing (e.g. classes compiled by an IDE). */
  static Properties read() {
    Properties p = new Properties();
    try (InputStream in = BuildInfoMetrics.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    return p;
  }
}
