package org.chargebay.app;

import io.quarkus.runtime.ApplicationLifecycleManager;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.ConfigValidationException;
import java.util.function.BiConsumer;

/**
 * The controller's entry point: Quarkus's own, except that a configuration it refuses at start-up
 * (a missing key, a value of the wrong type, a key nobody reads) exits with 78 (EX_CONFIG, as the
 * controller's own checks do) instead of 1. Quarkus has already printed the message naming the key
 * by then, without a stack trace.
 */
@QuarkusMain
public final class ChargebayMain {
  /** EX_CONFIG from sysexits.h: the configuration is wrong. */
  static final int EX_CONFIG = 78;

  private ChargebayMain() {}

  public static void main(String... args) {
    BiConsumer<Integer, Throwable> quarkus =
        ApplicationLifecycleManager.getDefaultExitCodeHandler();
    Quarkus.run(
        null,
        (code, failure) -> quarkus.accept(isConfigError(failure) ? EX_CONFIG : code, failure),
        args);
  }

  static boolean isConfigError(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConfigValidationException || t instanceof ConfigurationException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
