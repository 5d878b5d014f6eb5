package org.chargebay.supply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.chargebay.simulator.Faults;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.chargebay.simulator.SimulatedBay;
import org.chargebay.simulator.VirtualClock;
import org.chargebay.simulator.supply.EmulatedModel;
import org.chargebay.simulator.supply.ModbusSupplyEmulator;
import org.chargebay.simulator.supply.RtuBusEmulator;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The links other than Modbus TCP, each against our emulator: RTU serial, RTU over TCP, Riden WiFi
 * dial-in.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SupplyTransportsIT {
  @TempDir Path dir;
  private final VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final SimulatedBay bay =
      new SimulatedBay(
          clock, PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, 50.0, 0), new Faults());

  private void chargesAndStops(SupplyDriver d, String model) throws SupplyException {
    assertThat(d.read().model()).isEqualTo(model);
    d.setProtection(54_600, 2_500);
    d.apply(new SupplySetpoint(54_000, 2_000, true));
    clock.advance(Duration.ofSeconds(2));
    SupplyReading r = d.read();
    assertThat(r.outputOn()).isTrue();
    assertThat(r.outMilliamps()).isEqualTo(2_000);
    d.outputOff();
    assertThat(bay.state().outputOn()).isFalse();
  }

  @Test
  void modbus_rtu_over_a_serial_port_on_a_socat_pty() throws Exception {
    try (PtyPair pty = new PtyPair(dir);
        ModbusSupplyEmulator e =
            ModbusSupplyEmulator.rtuSerial(bay, EmulatedModel.DPS8005, 1, pty.a.toString(), 9600);
        SupplyDriver d =
            ModbusConnections.open(
                "rtu:" + pty.b + "?baud=9600", 1, "auto", Duration.ofMillis(500))) {
      chargesAndStops(d, "DPS8005");
      assertThat(e.register(0x01)).as("DPS8005 I-SET in milliamps").isEqualTo(2_000);
    }
  }

  /**
   * Two units (an RD6018 at 1, an RD6024 at 2, each with its own pack) on one serial bus, driven by
   * two drivers from two threads. The first driver's request is held on the bus side; meanwhile the
   * second driver's thread must be parked on the port's lock, and nothing of unit 2 may reach the
   * wire. Released, both complete; then both drivers read in a loop at once, their requests reach
   * the bus, and it never sees two requests in flight.
   */
  @Test
  void two_units_on_one_serial_bus_interleave_and_the_second_waits_for_the_port_lock()
      throws Exception {
    EmulatedBench.Bay second = new EmulatedBench.Bay();
    try (PtyPair pty = new PtyPair(dir);
        RtuBusEmulator wire = RtuBusEmulator.onSerial(pty.a.toString(), 115_200)) {
      wire.add(bay, EmulatedModel.RD6018, 1);
      wire.add(second.bay, EmulatedModel.RD6024, 2);
      String url = "rtu:" + pty.b;
      // generous timeouts: a request is held on purpose, and the machine may be loaded
      try (SupplyDriver one = ModbusConnections.open(url, 1, "RD6018", Duration.ofSeconds(20));
          SupplyDriver two = ModbusConnections.open(url, 2, "RD6024", Duration.ofSeconds(20))) {
        assertThat(one.read().model()).isEqualTo("RD6018");
        assertThat(two.read().model()).isEqualTo("RD6024");

        RtuBusEmulator.Hold hold = wire.holdNextRequestTo(1);
        CompletableFuture<SupplyReading> first = new CompletableFuture<>();
        Thread t1 = reader(one, first, "unit-1");
        t1.start();
        assertThat(hold.awaitArrived(Duration.ofSeconds(30)))
            .as("unit 1's request reached the bus")
            .isTrue();
        int unit2Before = count(wire.arrivals(), 2);
        CompletableFuture<SupplyReading> secondRead = new CompletableFuture<>();
        Thread t2 = reader(two, secondRead, "unit-2");
        t2.start();
        awaitParkedOnLockOf(t2, ModbusBus.class, Duration.ofSeconds(30));
        assertThat(count(wire.arrivals(), 2))
            .as("unit 2's request stays off the wire while unit 1's is in flight")
            .isEqualTo(unit2Before);
        hold.release();
        assertThat(first.get(30, TimeUnit.SECONDS).model()).isEqualTo("RD6018");
        assertThat(secondRead.get(30, TimeUnit.SECONDS).model()).isEqualTo("RD6024");

        int from = wire.arrivals().size();
        ExecutorService pool = Executors.newFixedThreadPool(2); // both loops at once
        try {
          Future<Integer> loop1 = pool.submit(() -> readMany(one, "RD6018"));
          Future<Integer> loop2 = pool.submit(() -> readMany(two, "RD6024"));
          assertThat(loop1.get(60, TimeUnit.SECONDS)).isEqualTo(60_000);
          assertThat(loop2.get(60, TimeUnit.SECONDS)).isEqualTo(60_000);
        } finally {
          pool.shutdownNow();
        }
        List<Integer> loops = wire.arrivals().subList(from, wire.arrivals().size());
        assertThat(count(loops, 1)).as("unit 1's requests").isGreaterThanOrEqualTo(5);
        assertThat(count(loops, 2)).as("unit 2's requests").isGreaterThanOrEqualTo(5);
        assertThat(wire.maxInFlight()).as("requests in flight on the bus at once").isEqualTo(1);
      }
    }
  }

  private static int count(List<Integer> arrivals, int unit) {
    return (int) arrivals.stream().filter(u -> u == unit).count();
  }

  /** A thread that reads once and completes {@code result}. */
  private static Thread reader(
      SupplyDriver d, CompletableFuture<SupplyReading> result, String name) {
    Thread t =
        new Thread(
            () -> {
              try {
                result.complete(d.read());
              } catch (Throwable e) {
                result.completeExceptionally(e);
              }
            },
            name);
    t.setDaemon(true);
    return t;
  }

  /**
   * Waits until {@code t} is parked in {@code ReentrantLock.lock()} called from {@code owner}, i.e.
   * waiting for a lock that another caller holds; fails after {@code bound}.
   */
  static void awaitParkedOnLockOf(Thread t, Class<?> owner, Duration bound)
      throws InterruptedException {
    long end = System.nanoTime() + bound.toNanos();
    while (!parkedOnLockOf(t, owner)) {
      if (System.nanoTime() > end) {
        throw new AssertionError(
            t.getName()
                + " did not wait for the lock of "
                + owner.getSimpleName()
                + " within "
                + bound
                + "; state "
                + t.getState()
                + ", stack "
                + Arrays.toString(t.getStackTrace()));
      }
      Thread.sleep(5); // polling a thread's state; the result does not depend on the period
    }
  }

  private static boolean parkedOnLockOf(Thread t, Class<?> owner) {
    if (t.getState() != Thread.State.WAITING) {
      return false;
    }
    StackTraceElement[] stack = t.getStackTrace();
    for (int i = 0; i + 1 < stack.length; i++) {
      if (stack[i].getClassName().equals(ReentrantLock.class.getName())
          && stack[i].getMethodName().equals("lock")
          && stack[i + 1].getClassName().equals(owner.getName())) {
        return true;
      }
    }
    return false;
  }

  /** Five reads; every one must be a whole block from the right unit. Returns the input voltage. */
  private static int readMany(SupplyDriver d, String model) {
    int vin = 0;
    for (int i = 0; i < 5; i++) {
      try {
        SupplyReading r = d.read();
        assertThat(r.model()).isEqualTo(model);
        vin = r.inputMillivolts();
      } catch (SupplyException e) {
        throw new AssertionError(e);
      }
    }
    return vin;
  }

  @Test
  void rtu_frames_over_tcp_as_behind_a_serial_gateway() throws Exception {
    try (ModbusSupplyEmulator e = ModbusSupplyEmulator.rtuOverTcp(bay, EmulatedModel.RD6024, 1);
        SupplyDriver d =
            ModbusConnections.open(
                "rtu-tcp://127.0.0.1:" + e.port(), 1, "auto", Duration.ofMillis(500))) {
      chargesAndStops(d, "RD6024");
    }
  }

  @Test
  void a_stock_riden_wifi_module_dials_in_and_we_are_rtu_master_on_its_socket() throws Exception {
    int port = ExternalProcess.freePort();
    try (SupplyDriver d =
        ModbusConnections.open(
            "riden-wifi://127.0.0.1:" + port, 1, "auto", Duration.ofMillis(500))) {
      assertThatThrownBy(d::read)
          .isInstanceOf(SupplyException.Retriable.class)
          .hasMessageContaining("dialled in");
      try (ModbusSupplyEmulator e =
          ModbusSupplyEmulator.dialIn(bay, EmulatedModel.RD6018, 1, "127.0.0.1", port)) {
        chargesAndStops(d, "RD6018");
        assertThat(e.register(82)).isEqualTo(5460);
      }
    }
  }
}
