package org.chargebay.simulator.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsException;
import org.chargebay.bms.BmsOptions;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.connect.BmsClients;
import org.chargebay.bms.framing.FrameSpec;
import org.chargebay.bms.jk.JkFrameSpec;
import org.chargebay.simulator.jk.JkResponder;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * Two JK PB boards (addresses 1 and 2) on one bus behind one gateway: two clients share the port
 * (one request in flight) and each reads its own board, checked by the acknowledgement's address.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class MultiDropIT {

  @Test
  void two_pb_boards_on_one_bus_are_read_by_address() throws Exception {
    FakePack one = new FakePack();
    FakePack two = new FakePack();
    two.current(-7000);
    MultiDropResponder bus =
        new MultiDropResponder(
            JkFrameSpec.PB_TRIGGER_ANY,
            List.of(
                new MultiDropResponder.Board(JkResponder.pb(1), one),
                new MultiDropResponder.Board(JkResponder.pb(2), two)));
    try (StreamEmulator emulator =
        StreamEmulator.onTcp(bus, new FakePack(), new FakePack.ManualClock())) {
      String url = "tcp://127.0.0.1:" + emulator.port();
      try (BmsClient a =
              BmsClients.open(
                  "jk",
                  url,
                  BmsOptions.create(
                      o -> o.protocol("pb").address(1).responseTimeout(Families.TIMEOUT)));
          BmsClient b =
              BmsClients.open(
                  "jk",
                  url,
                  BmsOptions.create(
                      o -> o.protocol("pb").address(2).responseTimeout(Families.TIMEOUT)));
          BmsClient absent =
              BmsClients.open(
                  "jk",
                  url,
                  BmsOptions.create(
                      o -> o.protocol("pb").address(3).responseTimeout(Families.TIMEOUT)))) {
        for (int i = 0; i < 3; i++) {
          assertThat(a.read().currentMilliamps()).isEqualTo(FakePack.CURRENT_MA);
          assertThat(b.read().currentMilliamps()).isEqualTo(-7000);
        }
        assertThatThrownBy(absent::read)
            .isInstanceOf(BmsException.class)
            .hasMessageContaining("address 3");
        assertThat(a.read().currentMilliamps()).isEqualTo(FakePack.CURRENT_MA);
      }
    }
  }

  /**
   * The two clients really contend for the shared port: board 1's request is held at the bus while
   * client b asks board 2. b's thread must be parked on the port's lock and nothing addressed to
   * board 2 may reach the bus; released, both complete in that order, and the bus never has two
   * requests in flight, also while both clients read in a loop at once.
   */
  @Test
  void two_clients_on_one_port_contend_for_its_lock_one_request_in_flight() throws Exception {
    FakePack one = new FakePack();
    FakePack two = new FakePack();
    two.current(-7000);
    GatedBus bus =
        new GatedBus(
            new MultiDropResponder(
                JkFrameSpec.PB_TRIGGER_ANY,
                List.of(
                    new MultiDropResponder.Board(JkResponder.pb(1), one),
                    new MultiDropResponder.Board(JkResponder.pb(2), two))));
    // generous: board 1's request is held on purpose, and the machine may be loaded
    Duration timeout = Duration.ofSeconds(20);
    try (StreamEmulator emulator =
        StreamEmulator.onTcp(bus, new FakePack(), new FakePack.ManualClock())) {
      String url = "tcp://127.0.0.1:" + emulator.port();
      try (BmsClient a =
              BmsClients.open(
                  "jk",
                  url,
                  BmsOptions.create(o -> o.protocol("pb").address(1).responseTimeout(timeout)));
          BmsClient b =
              BmsClients.open(
                  "jk",
                  url,
                  BmsOptions.create(o -> o.protocol("pb").address(2).responseTimeout(timeout)))) {
        CountDownLatch released = bus.holdNextTo(1);
        CompletableFuture<Integer> first = readOnce(a, "board-1");
        assertThat(bus.held.await(30, TimeUnit.SECONDS)).as("board 1's request is held").isTrue();
        CompletableFuture<Integer> second = new CompletableFuture<>();
        Thread tb = reader(b, second, "board-2");
        tb.start();
        awaitParkedOnLock(tb, Duration.ofSeconds(30));
        assertThat(bus.arrivals())
            .as("only board 1's request has reached the bus")
            .containsExactly(1);
        released.countDown();
        assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(FakePack.CURRENT_MA);
        assertThat(second.get(30, TimeUnit.SECONDS)).isEqualTo(-7000);
        assertThat(bus.arrivals()).containsExactly(1, 2);

        ExecutorService pool = Executors.newFixedThreadPool(2); // both loops at once
        try {
          Future<?> la = pool.submit(() -> readMany(a, FakePack.CURRENT_MA));
          Future<?> lb = pool.submit(() -> readMany(b, -7000));
          la.get(60, TimeUnit.SECONDS);
          lb.get(60, TimeUnit.SECONDS);
        } finally {
          pool.shutdownNow();
        }
        assertThat(bus.arrivals()).containsOnly(1, 2).hasSize(12);
        assertThat(bus.maxInFlight.get()).as("requests in flight on the bus at once").isEqualTo(1);
      }
    }
  }

  private static Void readMany(BmsClient c, int milliamps) throws BmsException {
    for (int i = 0; i < 5; i++) {
      assertThat(c.read().currentMilliamps()).isEqualTo(milliamps);
    }
    return null;
  }

  private static CompletableFuture<Integer> readOnce(BmsClient c, String name) {
    CompletableFuture<Integer> result = new CompletableFuture<>();
    reader(c, result, name).start();
    return result;
  }

  private static Thread reader(BmsClient c, CompletableFuture<Integer> result, String name) {
    Thread t =
        new Thread(
            () -> {
              try {
                result.complete(c.read().currentMilliamps());
              } catch (Throwable e) {
                result.completeExceptionally(e);
              }
            },
            name);
    t.setDaemon(true);
    return t;
  }

  /**
   * Waits until {@code t} is parked in {@code ReentrantLock.lock()} called from the port's channel
   * ({@code PortChannel}), i.e. waiting for the lock another client holds; fails after {@code
   * bound}.
   */
  private static void awaitParkedOnLock(Thread t, Duration bound) throws InterruptedException {
    long end = System.nanoTime() + bound.toNanos();
    while (!parkedOnPortLock(t)) {
      if (System.nanoTime() > end) {
        throw new AssertionError(
            t.getName()
                + " did not wait for the port's lock within "
                + bound
                + "; state "
                + t.getState()
                + ", stack "
                + Arrays.toString(t.getStackTrace()));
      }
      Thread.sleep(5); // polling a thread's state; the result does not depend on the period
    }
  }

  private static boolean parkedOnPortLock(Thread t) {
    if (t.getState() != Thread.State.WAITING) {
      return false;
    }
    StackTraceElement[] stack = t.getStackTrace();
    for (int i = 0; i + 1 < stack.length; i++) {
      if (stack[i].getClassName().equals(ReentrantLock.class.getName())
          && stack[i].getMethodName().equals("lock")
          && stack[i + 1].getClassName().equals("org.chargebay.bms.transport.PortChannel")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The bus as the emulator sees it: counts requests in flight, records the address of each (a PB
   * trigger is a Modbus frame, address first), and can hold the next request to one address until
   * released. Holding blocks the emulator's connection thread, which is the point.
   */
  private static final class GatedBus implements BmsResponder {
    private final BmsResponder bus;
    private final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    private final List<Integer> arrivals = new ArrayList<>();
    final CountDownLatch held = new CountDownLatch(1);
    private volatile int holdAddress = -1;
    private volatile CountDownLatch release;

    GatedBus(BmsResponder bus) {
      this.bus = bus;
    }

    CountDownLatch holdNextTo(int address) {
      release = new CountDownLatch(1);
      holdAddress = address;
      return release;
    }

    synchronized List<Integer> arrivals() {
      return List.copyOf(arrivals);
    }

    @Override
    public FrameSpec requestSpec() {
      return bus.requestSpec();
    }

    @Override
    public List<byte[]> answer(byte[] request, BmsSnapshot snapshot, MosfetSink mosfets) {
      maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      try {
        int address = request[0] & 0xFF;
        synchronized (this) {
          arrivals.add(address);
        }
        if (address == holdAddress) {
          holdAddress = -1;
          held.countDown();
          try {
            if (!release.await(60, TimeUnit.SECONDS)) {
              return List.of(); // never released: no answer
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
          }
        }
        return bus.answer(request, snapshot, mosfets);
      } finally {
        inFlight.decrementAndGet();
      }
    }
  }
}
