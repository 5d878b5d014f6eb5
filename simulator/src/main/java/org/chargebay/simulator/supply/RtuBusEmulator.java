package org.chargebay.simulator.supply;

import com.digitalpetri.modbus.exceptions.ModbusResponseException;
import com.digitalpetri.modbus.exceptions.UnknownUnitIdException;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersRequest;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersResponse;
import com.digitalpetri.modbus.pdu.WriteMultipleRegistersRequest;
import com.digitalpetri.modbus.pdu.WriteMultipleRegistersResponse;
import com.digitalpetri.modbus.pdu.WriteSingleRegisterRequest;
import com.digitalpetri.modbus.pdu.WriteSingleRegisterResponse;
import com.digitalpetri.modbus.server.ModbusRequestContext;
import com.digitalpetri.modbus.server.ModbusServices;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.chargebay.simulator.SupplyBackend;

/**
 * Several emulated supplies on one RTU serial line, as on an RS485 bus: one server, each request
 * answered by the unit it addresses, no answer for an address nobody has. For tests of a shared
 * link it counts requests in flight on the bus side (more than one means two masters' requests
 * overlapped), records the order in which requests arrived, and can hold the next request to a unit
 * until released, so that a test sees what a second caller does while one request is in flight.
 */
public final class RtuBusEmulator implements AutoCloseable {
  private final Map<Integer, ModbusServices> units = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private final List<Integer> arrivals = new ArrayList<>();
  private final AtomicReference<Hold> hold = new AtomicReference<>();
  private final Runnable server;

  private RtuBusEmulator(String serialPath, int baud) {
    this.server = RtuSerialServer.start(new Dispatch(), serialPath, baud);
  }

  /** The bus on a serial port opened by path (8N1), e.g. one end of a socat pty pair. */
  public static RtuBusEmulator onSerial(String serialPath, int baud) {
    return new RtuBusEmulator(serialPath, baud);
  }

  /** Puts a unit on the bus; it is closed with the bus. */
  public ModbusSupplyEmulator add(SupplyBackend backend, EmulatedModel model, int unitId) {
    return ModbusSupplyEmulator.attached(
        backend, model, unitId, services -> units.put(unitId, services));
  }

  /** The most requests that were ever being answered at once. */
  public int maxInFlight() {
    return maxInFlight.get();
  }

  /** The unit ids of the requests received so far, in order of arrival. */
  public List<Integer> arrivals() {
    synchronized (arrivals) {
      return List.copyOf(arrivals);
    }
  }

  /** Holds the next request to {@code unitId}, before it is answered, until released. */
  public Hold holdNextRequestTo(int unitId) {
    Hold h = new Hold(unitId);
    if (!hold.compareAndSet(null, h)) {
      throw new IllegalStateException("a hold is already armed");
    }
    return h;
  }

  /** One held request. */
  public static final class Hold {
    private final int unitId;
    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);

    private Hold(int unitId) {
      this.unitId = unitId;
    }

    /** Waits until the held request has arrived; false if it did not within {@code timeout}. */
    public boolean awaitArrived(Duration timeout) throws InterruptedException {
      return arrived.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Lets the held request be answered. */
    public void release() {
      released.countDown();
    }
  }

  @FunctionalInterface
  private interface Call<T> {
    T on(ModbusServices unit) throws ModbusResponseException, UnknownUnitIdException;
  }

  private <T> T serve(int unitId, Call<T> call)
      throws ModbusResponseException, UnknownUnitIdException {
    ModbusServices unit = units.get(unitId);
    if (unit == null) {
      throw new UnknownUnitIdException(unitId); // nobody on the bus answers
    }
    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
    try {
      synchronized (arrivals) {
        arrivals.add(unitId);
      }
      Hold h = hold.get();
      if (h != null && h.unitId == unitId && hold.compareAndSet(h, null)) {
        h.arrived.countDown();
        try {
          if (!h.released.await(60, TimeUnit.SECONDS)) {
            throw new UnknownUnitIdException(unitId); // never released: left unanswered
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new UnknownUnitIdException(unitId);
        }
      }
      return call.on(unit);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private final class Dispatch implements ModbusServices {
    @Override
    public ReadHoldingRegistersResponse readHoldingRegisters(
        ModbusRequestContext context, int unitId, ReadHoldingRegistersRequest request)
        throws ModbusResponseException, UnknownUnitIdException {
      return serve(unitId, u -> u.readHoldingRegisters(context, unitId, request));
    }

    @Override
    public WriteSingleRegisterResponse writeSingleRegister(
        ModbusRequestContext context, int unitId, WriteSingleRegisterRequest request)
        throws ModbusResponseException, UnknownUnitIdException {
      return serve(unitId, u -> u.writeSingleRegister(context, unitId, request));
    }

    @Override
    public WriteMultipleRegistersResponse writeMultipleRegisters(
        ModbusRequestContext context, int unitId, WriteMultipleRegistersRequest request)
        throws ModbusResponseException, UnknownUnitIdException {
      return serve(unitId, u -> u.writeMultipleRegisters(context, unitId, request));
    }
  }

  @Override
  public void close() {
    server.run();
  }
}
