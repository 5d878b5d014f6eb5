package org.chargebay.app.demo.simulate;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.chargebay.simulator.SimulatedBay;

/**
 * The faults {@code simulate --fault NAME[@MINUTES]} can inject, by name. Each is one switch of the
 * simulated bench, thrown at its minute; a simulation with faults reports when the pack first
 * crossed the ceiling and how long detection and each path took.
 *
 * <p>The list is empty for now: a fault name is refused as a usage error until faults are added
 * here (each with its end-to-end scenario).
 */
public final class SimulatedFaults {

  /** One injectable fault: what to switch on the simulated bay when its minute comes. */
  @FunctionalInterface
  public interface Injection {
    void inject(SimulatedBay bay);
  }

  private static final Map<String, Injection> KNOWN = Map.of();

  private SimulatedFaults() {}

  /** The fault of this name, or empty. */
  public static Optional<Injection> of(String name) {
    return Optional.ofNullable(KNOWN.get(name));
  }

  /** Every known fault name, sorted. */
  public static Set<String> names() {
    return new TreeSet<>(KNOWN.keySet());
  }
}
