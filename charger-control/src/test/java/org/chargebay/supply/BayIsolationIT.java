package org.chargebay.supply;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.chargebay.bay.BayListener;
import org.chargebay.bay.BayRuntime;
import org.chargebay.bay.BayScheduler;
import org.chargebay.bay.BaySettings;
import org.chargebay.bay.MonotonicClock;
import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsOptions;
import org.chargebay.bms.connect.BmsClients;
import org.chargebay.events.ChargeProfile;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.EventStore;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.chargebay.session.ChargeDecider;
import org.chargebay.simulator.OcvCurve;
import org.chargebay.simulator.PackModel;
import org.chargebay.simulator.SimulatedBench;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device call can delay only its own bay: with one bay's supply or BMS accepting the connection
 * and never answering (held until the end of the test; the call's deadline is longer than the
 * test), a healthy bay on the real-time scheduler keeps completing cycles. Counted cycles, no
 * wall-clock ratio.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BayIsolationIT {
  private static final ChargeProfile PROFILE = new ChargeProfile("NMC", 13, 4150, 2000, 100);

  /** Longer than any test here: the hung call stays blocked until the peer is released. */
  private static final Duration HUNG_DEADLINE = Duration.ofSeconds(120);

  @TempDir Path dir;

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private <T extends AutoCloseable> T keep(T c) {
    open.add(c);
    return c;
  }

  /** A TCP peer that accepts every connection and never answers, until closed. */
  static final class SilentPeer implements AutoCloseable {
    final ServerSocket server;
    final List<Socket> accepted = new ArrayList<>();
    final CountDownLatch connected = new CountDownLatch(1);

    SilentPeer() {
      try {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Thread t =
          new Thread(
              () -> {
                try {
                  while (true) {
                    Socket s = server.accept();
                    synchronized (accepted) {
                      accepted.add(s);
                    }
                    connected.countDown();
                  }
                } catch (IOException closed) {
                  // released
                }
              },
              "silent-peer");
      t.setDaemon(true);
      t.start();
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      server.close();
      synchronized (accepted) {
        for (Socket s : accepted) {
          s.close();
        }
      }
    }
  }

  private BaySettings settings(String id) {
    BaySettings s = BaySettings.of(id, PROFILE, false);
    return new BaySettings(
        s.id(),
        s.profile(),
        s.limits(),
        s.decider(),
        Duration.ofMillis(50),
        false,
        s.hardwareVoltageMarginMillivolts(),
        s.hardwareCurrentMarginMilliamps());
  }

  private SimulatedBench bench() {
    return keep(
        SimulatedBench.start(
            new MonotonicClock(), PackModel.create(OcvCurve.nmc(), 13, 2.0, 0.030, 60.0, 40.0)));
  }

  private static SupplyDriver supply(String url, Duration timeout) {
    return ModbusConnections.open(url, 1, "RD6018", timeout);
  }

  private static BmsClient bms(String url, Duration timeout) {
    return BmsClients.open("jbd", url, BmsOptions.create(o -> o.responseTimeout(timeout)));
  }

  /** Runs a healthy bay next to one whose {@code hungSupply}/{@code hungBms} never answers. */
  private void healthyBayKeepsItsCadence(
      SupplyDriver hungSupply, BmsClient hungBms, CountDownLatch hungReached) throws Exception {
    EventStore store = keep(SqliteEventStore.open(dir.resolve("chargebay.db")));
    SimulatedBench healthy = bench();
    BayRuntime good =
        keep(
            new BayRuntime(
                settings("good"),
                new MonotonicClock(),
                supply(healthy.supplyUrl(), Duration.ofMillis(500)),
                bms(healthy.bmsUrl(), Duration.ofMillis(300)),
                store,
                EventCodec.standard(),
                new ChargeDecider(settings("good").decider())));
    BayRuntime hung =
        keep(
            new BayRuntime(
                settings("hung"),
                new MonotonicClock(),
                hungSupply,
                hungBms,
                store,
                EventCodec.standard(),
                new ChargeDecider(settings("hung").decider())));
    CountDownLatch twenty = new CountDownLatch(20);
    AtomicInteger hungCycles = new AtomicInteger();
    AtomicInteger goodCyclesWhileHung = new AtomicInteger();
    good.addListener(
        new BayListener() {
          @Override
          public void onCycle(String bayId, long nanos) {
            if (hungReached.getCount() == 0) {
              goodCyclesWhileHung.incrementAndGet();
              twenty.countDown();
            }
          }
        });
    hung.addListener(
        new BayListener() {
          @Override
          public void onCycle(String bayId, long nanos) {
            hungCycles.incrementAndGet();
          }
        });

    BayScheduler scheduler = BayScheduler.realTime(List.of(hung, good));
    try {
      assertThat(hungReached.await(30, TimeUnit.SECONDS))
          .as("the hung bay reached its device")
          .isTrue();
      assertThat(twenty.await(60, TimeUnit.SECONDS))
          .as("healthy bay cycles while the other is blocked: " + goodCyclesWhileHung.get())
          .isTrue();
      assertThat(hungCycles.get()).as("the hung bay is still inside its first cycle").isZero();
      assertThat(good.status().bmsAgeMillis()).isNotNull();
    } finally {
      for (int i = open.size() - 1; i >= 0; i--) {
        if (open.get(i) instanceof SilentPeer || open.get(i) instanceof PtyPair) {
          open.get(i).close();
        }
      }
      // the hung loop ends when its call does (at the latest at its deadline; a daemon thread)
      scheduler.stop(Duration.ofSeconds(2));
    }
  }

  @Test
  void a_hung_modbus_tcp_supply_delays_only_its_own_bay() throws Exception {
    SilentPeer peer = keep(new SilentPeer());
    SimulatedBench own = bench();
    healthyBayKeepsItsCadence(
        supply("modbus-tcp://127.0.0.1:" + peer.port(), HUNG_DEADLINE),
        bms(own.bmsUrl(), Duration.ofMillis(300)),
        peer.connected);
  }

  @Test
  void a_hung_bms_gateway_delays_only_its_own_bay() throws Exception {
    SilentPeer peer = keep(new SilentPeer());
    SimulatedBench own = bench();
    healthyBayKeepsItsCadence(
        supply(own.supplyUrl(), Duration.ofMillis(500)),
        bms("tcp://127.0.0.1:" + peer.port(), HUNG_DEADLINE),
        peer.connected);
  }

  @Test
  void a_hung_serial_bms_delays_only_its_own_bay() throws Exception {
    PtyPair pty = keep(new PtyPair(dir));
    SimulatedBench own = bench();
    CountDownLatch reached = new CountDownLatch(1);
    BmsClient silent = bms("serial:" + pty.a, HUNG_DEADLINE);
    BmsClient entered =
        new BmsClient() {
          @Override
          public org.chargebay.bms.BmsSnapshot read() throws org.chargebay.bms.BmsException {
            reached.countDown();
            return silent.read();
          }

          @Override
          public void setChargeFet(boolean on) throws org.chargebay.bms.BmsException {
            silent.setChargeFet(on);
          }

          @Override
          public void close() {
            silent.close();
          }
        };
    healthyBayKeepsItsCadence(supply(own.supplyUrl(), Duration.ofMillis(500)), entered, reached);
  }
}
