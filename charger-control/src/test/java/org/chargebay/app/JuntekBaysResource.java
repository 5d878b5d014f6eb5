package org.chargebay.app;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.chargebay.simulator.Faults;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.chargebay.simulator.SimulatedBay;
import org.chargebay.simulator.jbd.JbdEmulator;
import org.chargebay.simulator.supply.JuntekEmulator;

/**
 * Two simulated bays in real time on loopback, each a JUNTEK DPH8920 (no settable OVP/OCP) and a
 * JBD BMS, configured through {@code chargebay.bays.<id>.*}: {@code strict} without the opt-in,
 * {@code accepting} with {@code supply.accept-no-hardware-limits=true}.
 */
public class JuntekBaysResource implements QuarkusTestResourceLifecycleManager {
  private final List<AutoCloseable> open = new ArrayList<>();

  @Override
  public Map<String, String> start() {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("chargebay.demo.enabled", "false");
    bay("strict", config);
    bay("accepting", config);
    config.put("chargebay.bays.accepting.supply.accept-no-hardware-limits", "true");
    return config;
  }

  private void bay(String id, Map<String, String> config) {
    SimulatedBay bay =
        new SimulatedBay(
            Clock.systemUTC(),
            PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, 40.0, 20.0),
            new Faults());
    JuntekEmulator supply = JuntekEmulator.tcp(bay, 1);
    open.add(supply);
    try {
      open.add(JbdEmulator.start(bay));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    JbdEmulator bms = (JbdEmulator) open.get(open.size() - 1);
    String p = "chargebay.bays." + id + ".";
    config.put(p + "supply.url", "dph-tcp://127.0.0.1:" + supply.port());
    config.put(p + "bms.url", "tcp://127.0.0.1:" + bms.port());
    config.put(p + "profile.cells", "13");
    config.put(p + "profile.cell-ceiling-volts", "4.15");
    config.put(p + "profile.current-amps", "2.0");
  }

  @Override
  public void stop() {
    for (AutoCloseable c : open) {
      try {
        c.close();
      } catch (Exception e) {
        // test teardown: keep closing the others
      }
    }
  }
}
