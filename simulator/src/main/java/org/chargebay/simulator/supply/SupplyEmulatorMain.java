package org.chargebay.simulator.supply;

import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.chargebay.simulator.Faults;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.chargebay.simulator.SimulatedBay;
import org.chargebay.simulator.VirtualClock;

/**
 * Serves one emulated supply wired to a resting 13S pack until killed, for trying the supply CLI by
 * hand:
 *
 * <pre>
 *   java -cp ... org.chargebay.simulator.supply.SupplyEmulatorMain RD6018 tcp 1502
 *   java -cp ... org.chargebay.simulator.supply.SupplyEmulatorMain DPS5015 rtu /tmp/ptyA 9600
 *   java -cp ... org.chargebay.simulator.supply.SupplyEmulatorMain RD6018 rtu-tcp 1503
 * </pre>
 *
 * The pack's clock does not move (nothing charges): this is for wiring and protocol checks.
 */
public final class SupplyEmulatorMain {
  private SupplyEmulatorMain() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length < 3) {
      System.err.println(
          "usage: SupplyEmulatorMain <model> tcp <port> | rtu-tcp <port> | rtu <serial path> [baud]"
              + "\n  models: "
              + Arrays.toString(EmulatedModel.values()));
      System.exit(64);
    }
    EmulatedModel model;
    try {
      model = EmulatedModel.valueOf(args[0].toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      System.err.println(
          "unknown model " + args[0] + "; models: " + Arrays.toString(EmulatedModel.values()));
      System.exit(64);
      return;
    }
    SimulatedBay bay =
        new SimulatedBay(
            new VirtualClock(Instant.now()),
            PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, 50.0, 0),
            new Faults());
    ModbusSupplyEmulator e =
        switch (args[1]) {
          case "tcp" -> ModbusSupplyEmulator.tcpOn(bay, model, 1, Integer.parseInt(args[2]));
          case "rtu-tcp" ->
              ModbusSupplyEmulator.rtuOverTcpOn(bay, model, 1, Integer.parseInt(args[2]));
          case "rtu" ->
              ModbusSupplyEmulator.rtuSerial(
                  bay, model, 1, args[2], args.length > 3 ? Integer.parseInt(args[3]) : 115_200);
          default -> {
            System.err.println("link must be tcp, rtu-tcp or rtu");
            System.exit(64);
            yield null;
          }
        };
    System.out.println(
        model.displayName() + " emulator serving unit 1 on " + args[1] + " " + args[2]);
    Runtime.getRuntime().addShutdownHook(new Thread(e::close));
    new CountDownLatch(1).await();
  }
}
