package org.chargebay.bms;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * The conventions on which the public sources disagree (PROTOCOLS.md), made explicit and set per
 * bay. A wrong choice shows up as a current of the wrong sign or a MOSFET reported the wrong way
 * round, so each default is argued below; {@link BmsAlarm#CURRENT_SIGN_MISMATCH} flags a
 * contradiction where the protocol allows a cross-check (Daly 0x93 state byte).
 *
 * @param dalyCurrentSign how the Daly 0x90 current {@code (raw - 30000) x 0.1 A} maps to "positive
 *     = charging". Default {@link CurrentSign#WIRE_POSITIVE_IS_DISCHARGE}: python-daly-bms,
 *     batmon-ha and dbus-serialbattery (three decoders written against real boards, one with an
 *     explicit invert switch for the exceptions) treat raw above 30000 as discharge, while the
 *     decoders that print the raw value (mpp-solar, powermon, ESPHome) make no claim about the
 *     direction (PROTOCOLS.md 3, quirk 1).
 * @param antLegacyCurrentSign how the ANT legacy int32 current at offset 70 maps. Default {@link
 *     CurrentSign#WIRE_POSITIVE_IS_DISCHARGE}: aiobmsble and dbus-serialbattery both divide by -10;
 *     ESPHome publishes the raw sign. For capture ant-07 the two camps assert opposite signs, and
 *     the frame's power field has the same sign as the current, so it cannot decide. Two
 *     independent decoders outvote one; set per board after checking the sign while a known charger
 *     is connected (PROTOCOLS.md 4b, quirk 1).
 * @param antMosByteOrder which of the two ANT {@code 7E A1} MOS status bytes is the charge MOSFET.
 *     Default {@link AntMosByteOrder#DISCHARGE_FIRST} (batmon-ha): two captures on packs at 96-100
 *     % SoC show byte A = 1, byte B = 2, and status 2 means "over-charge protection" only on the
 *     charge byte, so only this order is physically plausible (PROTOCOLS.md 4a, quirk 1).
 * @param cellIndexPolicy what to do with a cell number (Daly 0x91 min/max cell, ANT legacy min/max
 *     cell, JK TLV cell index) outside {@code 1..cellCount}. Default {@link CellIndexPolicy#FLAG}:
 *     capture ant-09 is a healthy board that reports min cell 17 of 16, so rejecting such frames
 *     would make a working BMS unreadable; the value is dropped and {@link
 *     BmsAlarm#CELL_INDEX_OUT_OF_RANGE} is raised instead.
 */
public record BmsConventions(
    CurrentSign dalyCurrentSign,
    CurrentSign antLegacyCurrentSign,
    AntMosByteOrder antMosByteOrder,
    CellIndexPolicy cellIndexPolicy) {

  /** The argued defaults. */
  public static final BmsConventions DEFAULTS =
      new BmsConventions(
          CurrentSign.WIRE_POSITIVE_IS_DISCHARGE,
          CurrentSign.WIRE_POSITIVE_IS_DISCHARGE,
          AntMosByteOrder.DISCHARGE_FIRST,
          CellIndexPolicy.FLAG);

  public BmsConventions {
    Objects.requireNonNull(dalyCurrentSign, "dalyCurrentSign");
    Objects.requireNonNull(antLegacyCurrentSign, "antLegacyCurrentSign");
    Objects.requireNonNull(antMosByteOrder, "antMosByteOrder");
    Objects.requireNonNull(cellIndexPolicy, "cellIndexPolicy");
  }

  /** Defaults changed by {@code customizer}: {@code create(c -> c.dalyCurrentSign(...))}. */
  public static BmsConventions create(Consumer<Builder> customizer) {
    Builder b = new Builder();
    customizer.accept(b);
    return new BmsConventions(
        b.dalyCurrentSign, b.antLegacyCurrentSign, b.antMosByteOrder, b.cells);
  }

  /** How a wire current maps to the project's "positive = charging". */
  public enum CurrentSign {
    /** The wire value is already positive while charging. */
    WIRE_POSITIVE_IS_CHARGE,
    /** The wire value is positive while discharging: negate it. */
    WIRE_POSITIVE_IS_DISCHARGE;

    /** The current in the project convention for a wire value. */
    public int apply(int wireMilliamps) {
      return this == WIRE_POSITIVE_IS_CHARGE ? wireMilliamps : -wireMilliamps;
    }
  }

  /** Order of the two MOS status bytes of the ANT {@code 7E A1} status frame. */
  public enum AntMosByteOrder {
    /** Byte A = charge, byte B = discharge (ESPHome, aiobmsble). */
    CHARGE_FIRST,
    /** Byte A = discharge, byte B = charge (batmon-ha). */
    DISCHARGE_FIRST
  }

  /** What to do with a cell number outside {@code 1..cellCount}. */
  public enum CellIndexPolicy {
    /** Drop the value and raise {@link BmsAlarm#CELL_INDEX_OUT_OF_RANGE}. */
    FLAG,
    /** Reject the frame with {@link FrameError.BadField}. */
    REJECT
  }

  /** Mutable builder starting from {@link #DEFAULTS}. */
  public static final class Builder {
    private CurrentSign dalyCurrentSign = DEFAULTS.dalyCurrentSign;
    private CurrentSign antLegacyCurrentSign = DEFAULTS.antLegacyCurrentSign;
    private AntMosByteOrder antMosByteOrder = DEFAULTS.antMosByteOrder;
    private CellIndexPolicy cells = DEFAULTS.cellIndexPolicy;

    private Builder() {}

    public Builder dalyCurrentSign(CurrentSign sign) {
      this.dalyCurrentSign = sign;
      return this;
    }

    public Builder antLegacyCurrentSign(CurrentSign sign) {
      this.antLegacyCurrentSign = sign;
      return this;
    }

    public Builder antMosByteOrder(AntMosByteOrder order) {
      this.antMosByteOrder = order;
      return this;
    }

    public Builder cellIndexPolicy(CellIndexPolicy policy) {
      this.cells = policy;
      return this;
    }
  }
}
