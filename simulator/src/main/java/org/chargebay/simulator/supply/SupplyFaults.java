package org.chargebay.simulator.supply;

import com.digitalpetri.modbus.FunctionCode;
import com.digitalpetri.modbus.exceptions.ModbusResponseException;
import com.digitalpetri.modbus.exceptions.UnknownUnitIdException;
import java.time.Duration;

/**
 * Fault switches of one supply emulator: misbehaviours seen on real units. Thread-safe; flip them
 * at any time. Each emulator's javadoc says which of them it honours. (Regulation stuck in CC past
 * the CV point is the bay's own fault switch, {@link
 * org.chargebay.simulator.Faults#supplyIgnoresVoltageSetpoint(boolean)}; a unit with its own
 * OVP/OCP still trips then, unless {@link #protectionDisabled(boolean)}.)
 */
public final class SupplyFaults {
  private volatile boolean outputIgnoresOff;
  private volatile int voltageReadbackOffsetCounts;
  private volatile int exceptionCode;
  private volatile boolean silent;
  private volatile Duration responseDelay = Duration.ZERO;
  private volatile boolean silentAfterWrite;
  private volatile boolean protectionDisabled;
  private volatile @org.jspecify.annotations.Nullable Boolean outputReadsAs;

  /** "Off" writes are acknowledged but the output stays on. */
  public boolean outputIgnoresOff() {
    return outputIgnoresOff;
  }

  public SupplyFaults outputIgnoresOff(boolean on) {
    outputIgnoresOff = on;
    return this;
  }

  /** The voltage setpoint register reads back this many counts away from what is applied. */
  public int voltageReadbackOffsetCounts() {
    return voltageReadbackOffsetCounts;
  }

  public SupplyFaults voltageReadbackOffsetCounts(int counts) {
    voltageReadbackOffsetCounts = counts;
    return this;
  }

  /**
   * Non-zero: every request is answered with this Modbus exception code (e.g. 4, device failure).
   */
  public int exceptionCode() {
    return exceptionCode;
  }

  public SupplyFaults exceptionCode(int code) {
    exceptionCode = code;
    return this;
  }

  /** No request is answered at all. */
  public boolean silent() {
    return silent;
  }

  public SupplyFaults silent(boolean on) {
    silent = on;
    return this;
  }

  /** Writes are carried out but never answered (the "did it land?" case). */
  public boolean silentAfterWrite() {
    return silentAfterWrite;
  }

  public SupplyFaults silentAfterWrite(boolean on) {
    silentAfterWrite = on;
    return this;
  }

  /**
   * The unit's own OVP/OCP never trips (switched off, or broken). Without this, a unit with its own
   * protection trips at the moment its measured output crosses a threshold, polled or not.
   */
  public boolean protectionDisabled() {
    return protectionDisabled;
  }

  public SupplyFaults protectionDisabled(boolean on) {
    protectionDisabled = on;
    return this;
  }

  /**
   * Non-null: the output (or relay contact) state reads as this whatever it really is (a stuck
   * status bit or feedback contact); null: it reads true.
   */
  public @org.jspecify.annotations.Nullable Boolean outputReadsAs() {
    return outputReadsAs;
  }

  public SupplyFaults outputReadsAs(@org.jspecify.annotations.Nullable Boolean state) {
    outputReadsAs = state;
    return this;
  }

  /** The output state as the unit reports it: the truth unless {@link #outputReadsAs()} lies. */
  public boolean reportedOutput(boolean actual) {
    Boolean lie = outputReadsAs;
    return lie != null ? lie : actual;
  }

  /** Every answer is delayed by this much (wall-clock: it is a wire property). */
  public Duration responseDelay() {
    return responseDelay;
  }

  public SupplyFaults responseDelay(Duration delay) {
    responseDelay = delay;
    return this;
  }

  /**
   * The wire faults of a request to {@code unit}, in the order a unit shows them: silence (as an
   * unknown unit: no answer), then the response delay (wall clock: a wire property), then an
   * exception answer.
   */
  void beforeAnswer(int unit, FunctionCode fc)
      throws ModbusResponseException, UnknownUnitIdException {
    if (silent()) {
      throw new UnknownUnitIdException(unit);
    }
    Duration delay = responseDelay();
    if (!delay.isZero()) {
      try {
        Thread.sleep(delay.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (exceptionCode() != 0) {
      throw new ModbusResponseException(fc.getCode(), exceptionCode());
    }
  }
}
