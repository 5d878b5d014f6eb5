package org.chargebay.app;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.time.Clock;
import java.util.Map;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.chargebay.simulator.SimulatedBench;

/**
 * A simulated bay in real time on loopback, configured into the app the way a real bay is: through
 * {@code chargebay.bays.<id>.*} keys.
 */
public class SimulatedBenchResource implements QuarkusTestResourceLifecycleManager {
  private SimulatedBench bench;

  @Override
  public Map<String, String> start() {
    bench =
        SimulatedBench.start(
            Clock.systemUTC(), PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, 40.0, 20.0));
    return Map.of(
        "chargebay.demo.enabled", "false",
        "chargebay.bays.bench1.supply.url", bench.supplyUrl(),
        "chargebay.bays.bench1.supply.model", "RD6018",
        "chargebay.bays.bench1.bms.url", bench.bmsUrl(),
        "chargebay.bays.bench1.profile.cells", "13",
        "chargebay.bays.bench1.profile.cell-ceiling-volts", "4.15",
        "chargebay.bays.bench1.profile.current-amps", "2.0");
  }

  @Override
  public void stop() {
    if (bench != null) {
      bench.close();
    }
  }
}
