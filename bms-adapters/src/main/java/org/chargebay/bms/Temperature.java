package org.chargebay.bms;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One named temperature probe.
 *
 * @param name {@code T1}.. for pack probes, {@code MOS} for the power board, {@code BALANCER} for
 *     the balancer (ANT), {@code MOS2}/{@code T3}.. for extra JK PB probes
 * @param deciCelsius tenths of a degree Celsius
 */
public record Temperature(String name, int deciCelsius) {

  /** Name of the MOSFET probe. */
  public static final String MOS = "MOS";

  /** Name of the balancer probe (ANT). */
  public static final String BALANCER = "BALANCER";

  public Temperature {
    Objects.requireNonNull(name, "name");
  }

  /** Probes named {@code T1..Tn} in order. */
  public static List<Temperature> packProbes(List<Integer> deciCelsius) {
    List<Temperature> probes = new ArrayList<>(deciCelsius.size());
    for (int i = 0; i < deciCelsius.size(); i++) {
      probes.add(new Temperature("T" + (i + 1), deciCelsius.get(i)));
    }
    return probes;
  }
}
