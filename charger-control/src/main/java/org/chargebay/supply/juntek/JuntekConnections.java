package org.chargebay.supply.juntek;

import java.time.Duration;
import org.chargebay.supply.LazySupplyDriver;
import org.chargebay.supply.SupplyDriver;
import org.chargebay.supply.SupplyException;
import org.chargebay.supply.SupplyUrl;
import org.jspecify.annotations.Nullable;

/** Drivers for {@code dph:<serial path>?baud=9600} and {@code dph-tcp://host:port} URLs. */
public final class JuntekConnections {
  private JuntekConnections() {}

  /** 9600 baud: what the public DPH8920 charger code uses (romanetsky prm_init_ins.cpp). */
  public static final int DEFAULT_BAUD = 9600;

  public static SupplyDriver open(
      SupplyUrl url, int address, @Nullable String model, Duration timeout) {
    return new LazySupplyDriver(
        () -> {
          AsciiLink link =
              "dph-tcp".equals(url.scheme())
                  ? StreamAsciiLink.tcp(url.target(), url.port(), timeout)
                  : StreamAsciiLink.serial(
                      url.target(), url.intParam("baud", DEFAULT_BAUD), timeout);
          try {
            return JuntekDriver.detect(link, address, model);
          } catch (SupplyException e) {
            link.close();
            throw e;
          }
        });
  }
}
