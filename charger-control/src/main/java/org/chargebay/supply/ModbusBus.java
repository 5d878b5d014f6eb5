package org.chargebay.supply;

import com.digitalpetri.modbus.ExceptionCode;
import com.digitalpetri.modbus.client.ModbusClient;
import com.digitalpetri.modbus.exceptions.ModbusExecutionException;
import com.digitalpetri.modbus.exceptions.ModbusResponseException;
import com.digitalpetri.modbus.exceptions.ModbusTimeoutException;
import com.digitalpetri.modbus.pdu.ReadCoilsRequest;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersRequest;
import com.digitalpetri.modbus.pdu.WriteMultipleRegistersRequest;
import com.digitalpetri.modbus.pdu.WriteSingleCoilRequest;
import com.digitalpetri.modbus.pdu.WriteSingleRegisterRequest;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One Modbus port or connection with its bus discipline. Every supply on an RS485 bus shares the
 * port's bus; every request goes through here.
 *
 * <ul>
 *   <li>One request in flight: digitalpetri 2.1.0's RTU client matches responses LIFO and returned
 *       swapped data for two concurrent requests (PRO-DEVICES.md B3 experiment 7).
 *   <li>A quiet gap before each request, the largest of the bus's and the model's (XY: 50 ms).
 *   <li>Reads that time out are retried a bounded number of times; writes never are. A write that
 *       timed out is reported as {@link WriteUnconfirmed} so that the driver reads back and
 *       decides.
 *   <li>Backoff: after {@link Policy#failuresBeforeBackoff()} consecutive failures, ordinary
 *       requests fail fast for a growing pause instead of hammering a dead unit; <em>urgent</em>
 *       requests (output off) are always sent.
 *   <li>After {@link Policy#timeoutsBeforeRecreate()} consecutive timeouts the client is thrown
 *       away and rebuilt: digitalpetri 2.1.0 leaks one timeout handle per timed-out RTU request
 *       (issue #124, fixed in 2.1.2, which does not resolve here).
 * </ul>
 */
public final class ModbusBus implements AutoCloseable {

  /** Builds a fresh client for this port (called again after a run of timeouts). */
  @FunctionalInterface
  public interface ClientFactory {
    ModbusClient create();
  }

  /** Waits; tests record the waits instead. */
  @FunctionalInterface
  public interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  /**
   * @param minGap quiet time between requests on this port
   * @param failuresBeforeBackoff consecutive failed requests before backing off (0 = never)
   * @param initialBackoff the first pause; it doubles up to {@code maxBackoff}
   * @param timeoutsBeforeRecreate consecutive timeouts before the client is rebuilt (0 = never)
   * @param applyModelGap true where this link reaches the unit's own UART (RTU on serial, an
   *     RTU-over-TCP gateway, the Riden WiFi dial-in), so the model's minimum gap applies; false
   *     for Modbus TCP, where a bridge (riden-dongle, the unit's own Ethernet) stands between us
   *     and the unit and {@code minGap} is the link's own setting
   */
  public record Policy(
      Duration minGap,
      int failuresBeforeBackoff,
      Duration initialBackoff,
      Duration maxBackoff,
      int timeoutsBeforeRecreate,
      boolean applyModelGap) {

    public Policy(
        Duration minGap,
        int failuresBeforeBackoff,
        Duration initialBackoff,
        Duration maxBackoff,
        int timeoutsBeforeRecreate) {
      this(minGap, failuresBeforeBackoff, initialBackoff, maxBackoff, timeoutsBeforeRecreate, true);
    }

    /** Modbus TCP: a gap only if configured, backoff after 3 failures, no client rebuild. */
    public static Policy tcp(Duration gap) {
      return new Policy(gap, 3, Duration.ofSeconds(1), Duration.ofSeconds(30), 0, false);
    }

    /** Modbus TCP without a gap of its own. */
    public static Policy tcp() {
      return tcp(Duration.ZERO);
    }

    /**
     * RTU (serial, RTU over TCP): the model's gap; rebuild the client after 5 timeouts in a row.
     */
    public static Policy rtu() {
      return new Policy(Duration.ZERO, 3, Duration.ofSeconds(1), Duration.ofSeconds(30), 5, true);
    }
  }

  /** A write got no answer: it may or may not have landed. The caller reads back and decides. */
  public static final class WriteUnconfirmed extends Exception {
    WriteUnconfirmed(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final String name;
  private final ClientFactory factory;
  private final Policy policy;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private final ReentrantLock lock = new ReentrantLock(true);
  private @Nullable ModbusClient client;
  private long lastRequestEndNanos;
  private boolean anyRequest;
  private int consecutiveFailures;
  private int consecutiveTimeouts;
  private long backoffUntilNanos;
  private long backoffNanos;
  private int clientsCreated;
  private int refs = 1;
  private Runnable onLastClose = () -> {};

  public ModbusBus(String name, ClientFactory factory, Policy policy) {
    this(
        name,
        factory,
        policy,
        System::nanoTime,
        nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
  }

  /** With an injectable monotonic clock and sleeper, for tests of the pacing. */
  public ModbusBus(
      String name, ClientFactory factory, Policy policy, LongSupplier nanoTime, Sleeper sleeper) {
    this.name = name;
    this.factory = factory;
    this.policy = policy;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.backoffNanos = policy.initialBackoff().toNanos();
  }

  /** A bus around one existing client (never rebuilt), e.g. for tests. */
  public static ModbusBus of(ModbusClient client) {
    return new ModbusBus(
        "client", () -> client, new Policy(Duration.ZERO, 0, Duration.ZERO, Duration.ZERO, 0));
  }

  public String name() {
    return name;
  }

  /** How many clients this bus has built so far (1 + rebuilds after timeouts). */
  public int clientsCreated() {
    lock.lock();
    try {
      return clientsCreated;
    } finally {
      lock.unlock();
    }
  }

  /** FC03: holding registers as unsigned 16-bit values; reads are retried up to {@code retries}. */
  public int[] readHolding(
      int unit, int address, int count, Duration modelGap, int retries, String what)
      throws SupplyException {
    SupplyException last = null;
    for (int attempt = 0; attempt <= retries; attempt++) {
      try {
        byte[] bytes =
            call(
                unit,
                modelGap,
                false,
                "reading " + what,
                c ->
                    c.readHoldingRegisters(unit, new ReadHoldingRegistersRequest(address, count))
                        .registers());
        if (bytes.length != count * 2) {
          throw new SupplyException.Retriable(
              "short answer reading "
                  + what
                  + ": "
                  + bytes.length
                  + " bytes for "
                  + count
                  + " registers",
              null);
        }
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
          out[i] = ((bytes[2 * i] & 0xFF) << 8) | (bytes[2 * i + 1] & 0xFF);
        }
        return out;
      } catch (WriteUnconfirmed e) {
        throw new IllegalStateException("a read is never a write", e);
      } catch (SupplyException.Retriable e) {
        last = e;
        if (inBackoff()) {
          break;
        }
      }
    }
    throw last;
  }

  /** FC01: one coil. */
  public boolean readCoil(int unit, int address, Duration modelGap, int retries, String what)
      throws SupplyException {
    SupplyException last = null;
    for (int attempt = 0; attempt <= retries; attempt++) {
      try {
        byte[] bits =
            call(
                unit,
                modelGap,
                false,
                "reading " + what,
                c -> c.readCoils(unit, new ReadCoilsRequest(address, 1)).coils());
        if (bits.length < 1) {
          throw new SupplyException.Retriable("empty answer reading " + what, null);
        }
        return (bits[0] & 1) == 1;
      } catch (WriteUnconfirmed e) {
        throw new IllegalStateException("a read is never a write", e);
      } catch (SupplyException.Retriable e) {
        last = e;
        if (inBackoff()) {
          break;
        }
      }
    }
    throw last;
  }

  /** FC06 (or FC16 with one value if {@code fc16}); sent once. */
  public void writeRegister(
      int unit,
      int address,
      int value,
      boolean fc16,
      boolean urgent,
      Duration modelGap,
      String what)
      throws SupplyException, WriteUnconfirmed {
    if (fc16) {
      writeRegisters(unit, address, new int[] {value}, urgent, modelGap, what);
      return;
    }
    call(
        unit,
        modelGap,
        urgent,
        "writing " + what,
        c -> c.writeSingleRegister(unit, new WriteSingleRegisterRequest(address, value & 0xFFFF)));
  }

  /** FC16; sent once. */
  public void writeRegisters(
      int unit, int address, int[] values, boolean urgent, Duration modelGap, String what)
      throws SupplyException, WriteUnconfirmed {
    byte[] bytes = new byte[values.length * 2];
    for (int i = 0; i < values.length; i++) {
      bytes[2 * i] = (byte) (values[i] >>> 8);
      bytes[2 * i + 1] = (byte) values[i];
    }
    call(
        unit,
        modelGap,
        urgent,
        "writing " + what,
        c ->
            c.writeMultipleRegisters(
                unit, new WriteMultipleRegistersRequest(address, values.length, bytes)));
  }

  /**
   * FC05 with a raw value, for devices that overload it (Waveshare relay "flash" commands take a
   * time in 100 ms units); sent once.
   */
  public void writeCoilValue(
      int unit, int address, int value, boolean urgent, Duration modelGap, String what)
      throws SupplyException, WriteUnconfirmed {
    call(
        unit,
        modelGap,
        urgent,
        "writing " + what,
        c -> c.writeSingleCoil(unit, new WriteSingleCoilRequest(address, value & 0xFFFF)));
  }

  /** FC05 with 0xFF00 / 0x0000; sent once. */
  public void writeCoil(
      int unit, int address, boolean on, boolean urgent, Duration modelGap, String what)
      throws SupplyException, WriteUnconfirmed {
    call(
        unit,
        modelGap,
        urgent,
        "writing " + what,
        c -> c.writeSingleCoil(unit, new WriteSingleCoilRequest(address, on)));
  }

  @FunctionalInterface
  private interface Call<T> {
    T call(ModbusClient c)
        throws ModbusExecutionException, ModbusResponseException, ModbusTimeoutException;
  }

  private boolean inBackoff() {
    return policy.failuresBeforeBackoff() > 0 && nanoTime.getAsLong() - backoffUntilNanos < 0;
  }

  private <T> T call(int unit, Duration modelGap, boolean urgent, String doing, Call<T> call)
      throws SupplyException, WriteUnconfirmed {
    boolean write = doing.startsWith("writing");
    lock.lock();
    try {
      if (!urgent && consecutiveFailures >= policy.failuresBeforeBackoff() && inBackoff()) {
        throw new SupplyException.Retriable(
            "not "
                + doing
                + ": "
                + name
                + " stopped answering ("
                + consecutiveFailures
                + " failures in a row); backing off for another "
                + Duration.ofNanos(backoffUntilNanos - nanoTime.getAsLong()).toMillis()
                + " ms",
            null);
      }
      pace(modelGap);
      ModbusClient c;
      try {
        c = client();
      } catch (com.fazecast.jSerialComm.SerialPortInvalidPortException e) {
        failed(false);
        throw new SupplyException.Retriable("cannot open " + name + ": " + e.getMessage(), e);
      }
      try {
        if (!c.isConnected()) {
          c.connect();
        }
        T result = call.call(c);
        succeeded();
        return result;
      } catch (ModbusTimeoutException e) {
        failed(true);
        if (write) {
          throw new WriteUnconfirmed(
              "no answer "
                  + doing
                  + " on "
                  + name
                  + " (timeout; the write may or may not have landed)",
              e);
        }
        throw new SupplyException.Retriable("no answer " + doing + " on " + name + " (timeout)", e);
      } catch (ModbusResponseException e) {
        succeeded(); // the unit answered: the link is fine
        throw new SupplyException.Refused(
            "unit " + unit + " refused " + doing + ": " + describe(e), e.getExceptionCode(), e);
      } catch (ModbusExecutionException
          | com.fazecast.jSerialComm.SerialPortInvalidPortException e) {
        failed(false);
        if (write) {
          throw new WriteUnconfirmed("link failure " + doing + " on " + name + ": " + cause(e), e);
        }
        throw new SupplyException.Retriable(
            "link failure " + doing + " on " + name + ": " + cause(e), e);
      } finally {
        lastRequestEndNanos = nanoTime.getAsLong();
        anyRequest = true;
      }
    } finally {
      lock.unlock();
    }
  }

  private void pace(Duration modelGap) throws SupplyException {
    long gap = Math.max(policy.minGap().toNanos(), policy.applyModelGap() ? modelGap.toNanos() : 0);
    if (!anyRequest || gap <= 0) {
      return;
    }
    long wait = lastRequestEndNanos + gap - nanoTime.getAsLong();
    if (wait > 0) {
      try {
        sleeper.sleepNanos(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SupplyException.Retriable("interrupted while pacing " + name, e);
      }
    }
  }

  private ModbusClient client() {
    ModbusClient c = client;
    if (c == null) {
      c = factory.create();
      clientsCreated++;
      client = c;
    }
    return c;
  }

  private void succeeded() {
    consecutiveFailures = 0;
    consecutiveTimeouts = 0;
    backoffNanos = policy.initialBackoff().toNanos();
    backoffUntilNanos = nanoTime.getAsLong();
  }

  private void failed(boolean timeout) {
    consecutiveFailures++;
    if (timeout) {
      consecutiveTimeouts++;
      if (policy.timeoutsBeforeRecreate() > 0
          && consecutiveTimeouts >= policy.timeoutsBeforeRecreate()) {
        dropClient();
        consecutiveTimeouts = 0;
      }
    }
    if (policy.failuresBeforeBackoff() > 0
        && consecutiveFailures >= policy.failuresBeforeBackoff()) {
      backoffUntilNanos = nanoTime.getAsLong() + backoffNanos;
      backoffNanos = Math.min(backoffNanos * 2, policy.maxBackoff().toNanos());
    }
  }

  private void dropClient() {
    ModbusClient c = client;
    client = null;
    if (c != null) {
      try {
        c.disconnect();
      } catch (ModbusExecutionException e) {
        // the link is already down; the new client starts clean
      }
    }
  }

  private static String describe(ModbusResponseException e) {
    return "Modbus exception "
        + e.getExceptionCode()
        + ExceptionCode.from(e.getExceptionCode()).map(c -> " (" + c + ")").orElse("");
  }

  static String cause(Throwable e) {
    Throwable c = e;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }

  /**
   * Drops the connection if the port has been quiet for longer than {@code idle}, so that the next
   * request opens a fresh one instead of finding a socket the device has closed (EA supplies close
   * theirs after 5 s of silence, register 10573).
   */
  public void reconnectIfIdle(Duration idle) {
    lock.lock();
    try {
      if (anyRequest && nanoTime.getAsLong() - lastRequestEndNanos > idle.toNanos()) {
        dropClient();
      }
    } finally {
      lock.unlock();
    }
  }

  /** One more user of this port (a second supply on the same RS485 bus). */
  public ModbusBus retain() {
    lock.lock();
    try {
      refs++;
      return this;
    } finally {
      lock.unlock();
    }
  }

  /** Runs when the last user closes the bus (e.g. to forget it in a registry of ports). */
  public ModbusBus onLastClose(Runnable r) {
    this.onLastClose = r;
    return this;
  }

  /** Releases this user's hold; the last one disconnects. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (--refs > 0) {
        return;
      }
      dropClient();
    } finally {
      lock.unlock();
    }
    onLastClose.run();
  }
}
