package org.chargebay.app;

import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.PreventFurtherStepsException;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusBindException;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.ConfigValidationException;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * The controller's entry point: Quarkus's own, except for how a failed start-up ends. A
 * configuration Quarkus refuses (a missing key, a value of the wrong type, a key nobody reads) and
 * one the controller refuses ({@link ConfigChecks}) both print one message naming the key, without
 * a stack trace, and exit with 78 (EX_CONFIG) instead of 1. Only a failure that is a bug is logged
 * with its stack trace, as Quarkus would.
 */
@QuarkusMain
public final class ChargebayMain {
  /** EX_CONFIG from sysexits.h: the configuration is wrong. */
  static final int EX_CONFIG = 78;

  public static void main(String... args) {
    BiConsumer<Integer, Throwable> quarkus =
        ApplicationLifecycleManager.getDefaultExitCodeHandler();
    // With an exit handler of its own, Quarkus leaves reporting a failed start-up to it.
    Quarkus.run(null, (code, failure) -> quarkus.accept(report(code, failure), failure), args);
  }

  /** Reports a failed start-up (nothing for a normal exit) and returns the exit status. */
  static int report(int code, Throwable failure) {
    if (failure == null) {
      return code;
    }
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof ConfigValidationException || root instanceof ConfigurationException) {
      System.err.println("chargebay cannot start: " + root.getMessage());
      return EX_CONFIG;
    }
    if (root instanceof PreventFurtherStepsException p) {
      if (p.getMessage() != null && !p.getMessage().isBlank()) {
        System.err.println(p.getMessage());
      }
      return p.getExitCode();
    }
    if (root instanceof QuarkusBindException b) {
      System.err.println(
          "chargebay cannot start: port "
              + b.getPort()
              + " on "
              + b.getHost()
              + " is in use by another process (set quarkus.http.port)");
      return code;
    }
    Logger.getLogger(ChargebayMain.class).error("chargebay failed to start", failure);
    return code;
  }
}
