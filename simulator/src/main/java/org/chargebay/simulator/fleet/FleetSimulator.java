package org.chargebay.simulator.fleet;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.chargebay.simulator.Faults;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.chargebay.simulator.SimulatedBay;
import org.chargebay.simulator.supply.ModbusSupplyEmulator;

/**
 * A fleet of simulated bays in one process. Every port of the fleet (two per bay) is served by one
 * Netty event loop group of {@link #IO_THREADS} threads; the supplies' Modbus requests run on one
 * executor of {@link #MODBUS_THREADS} threads (digitalpetri keeps each supply's requests in order).
 * The physics of a bay advances when one of its devices is asked, and whenever {@link
 * #advanceAll()} is called (the command line does so once a second from one thread), so no bay has
 * a thread of its own.
 */
public final class FleetSimulator implements AutoCloseable {
  /** Event loop threads for every listening socket and connection of the fleet. */
  public static final int IO_THREADS = 2;

  /** Threads running supply requests (register reads and writes against the physics). */
  public static final int MODBUS_THREADS = 2;

  /** Each pack's cells: 2.0 Ah, 30 mOhm, NMC (as the demo pack). */
  static final double CELL_AH = 2.0;

  static final double CELL_OHM = 0.030;

  private final FleetOptions options;
  private final Clock clock;
  private final Timebase timebase;
  private final EventLoopGroup io;
  private final ExecutorService modbus;
  private final List<FleetBay> bays = new ArrayList<>();

  private FleetSimulator(FleetOptions options, Clock clock, Timebase timebase) {
    this.options = options;
    this.clock = clock;
    this.timebase = timebase;
    this.io = new NioEventLoopGroup(IO_THREADS, daemon("fleet-io-"));
    this.modbus =
        new ThreadPoolExecutor(
            MODBUS_THREADS,
            MODBUS_THREADS,
            0,
            TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(),
            daemon("fleet-modbus-"));
  }

  /**
   * Builds every bay and binds every port. On failure everything bound so far is released.
   *
   * @param clock the simulation clock (a {@link PacedClock}, or a virtual clock in tests)
   * @param timebase how {@code clock} maps to wall time, for the results
   * @throws IllegalStateException if a port cannot be bound
   */
  public static FleetSimulator start(FleetOptions options, Clock clock, Timebase timebase) {
    FleetSimulator fleet = new FleetSimulator(options, clock, timebase);
    try {
      fleet.build();
      return fleet;
    } catch (RuntimeException e) {
      fleet.close();
      throw e;
    }
  }

  private void build() {
    int n = options.bays();
    SplittableRandom random = new SplittableRandom(options.seed());
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    for (int i = n - 1; i > 0; i--) { // Fisher-Yates: which bays fault or hang
      Collections.swap(order, i, random.nextInt(i + 1));
    }
    int faulted = options.faults().faultedOf(n);
    FleetBay.Role[] roles = new FleetBay.Role[n];
    java.util.Arrays.fill(roles, FleetBay.Role.NORMAL);
    for (int k = 0; k < faulted; k++) {
      roles[order.get(k)] = FleetBay.Role.FAULTED;
    }
    for (int k = faulted; k < faulted + options.faults().hang(); k++) {
      roles[order.get(k)] = FleetBay.Role.HUNG;
    }
    Instant start = clock.instant();
    Instant faultFrom = start.plus(options.faults().after());
    FleetOptions.Profile profile = options.profile();
    int width = Math.max(4, String.valueOf(n).length());
    for (int i = 0; i < n; i++) {
      double soc =
          profile.socMinPercent()
              + random.nextDouble() * (profile.socMaxPercent() - profile.socMinPercent());
      double imbalanceMillivolts = 5 + random.nextDouble() * 55;
      PackModel pack =
          PackModel.create(
              OcvCurve.nmc(), profile.cells(), CELL_AH, CELL_OHM, soc, imbalanceMillivolts);
      SimulatedBay sim = new SimulatedBay(clock, pack, new Faults());
      sim.watchHighestCellAbove(profile.cutOffCellVolts());
      FleetBay.Role role = roles[i];
      if (role == FleetBay.Role.FAULTED) {
        sim.supplyIgnoresVoltageSetpointFrom(faultFrom);
      }
      String id = String.format("sim-%0" + width + "d", i + 1);
      FleetBay bay =
          new FleetBay(
              id,
              role,
              soc,
              sim,
              clock,
              timebase,
              role == FleetBay.Role.FAULTED ? faultFrom : null);
      bays.add(bay);
      int supplyPort = options.portBase() == 0 ? 0 : options.portBase() + 2 * i;
      int bmsPort = options.portBase() == 0 ? 0 : options.portBase() + 2 * i + 1;
      if (role == FleetBay.Role.HUNG) {
        bay.serveHungSupply(TcpDeviceServer.hung(io, supplyPort));
        bay.serveBms(TcpDeviceServer.hung(io, bmsPort));
      } else {
        ModbusSupplyEmulator supply =
            ModbusSupplyEmulator.tcpOn(sim, options.supply(), 1, supplyPort, io, modbus);
        if (role == FleetBay.Role.FAULTED) {
          supply
              .faults()
              .protectionDisabled(true); // stuck in CC with a dead OVP: the controller must cut
        }
        bay.serveSupply(supply);
        bay.serveBms(TcpDeviceServer.bms(io, bmsPort, options.bms().responder(), bay.bmsBackend()));
      }
    }
  }

  public FleetOptions options() {
    return options;
  }

  /** The bays in id order. */
  public List<FleetBay> bays() {
    return Collections.unmodifiableList(bays);
  }

  /** Advances every bay's physics to the clock's now (the shared ticker's work). */
  public void advanceAll() {
    for (FleetBay b : bays) {
      b.bay().advance();
    }
  }

  /** Writes the controller's configuration for every bay to {@link FleetOptions#configOut()}. */
  public void writeConfig() throws IOException {
    FleetConfig.write(options, bays, options.configOut());
  }

  /** Writes one JSON line per bay to {@link FleetOptions#resultsOut()}, if set. */
  public void writeResults() throws IOException {
    if (options.resultsOut() != null) {
      advanceAll();
      FleetResults.write(options, bays, options.resultsOut());
    }
  }

  /** Closes every port, then the shared threads. Idempotent. */
  @Override
  public void close() {
    for (FleetBay b : bays) {
      b.close();
    }
    io.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    modbus.shutdownNow();
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
