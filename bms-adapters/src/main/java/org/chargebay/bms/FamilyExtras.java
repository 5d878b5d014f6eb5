package org.chargebay.bms;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The values one BMS family reports that have no common meaning across families. Typed per family,
 * never a map of strings.
 */
public sealed interface FamilyExtras {

  /** No family-specific values (the 13-argument snapshot, or a family that has none). */
  record None() implements FamilyExtras {}

  /**
   * JBD 0x03 extras.
   *
   * @param softwareVersion offset 18, 0x80 = 8.0
   * @param productionDate ISO date or null if the word is not a date
   */
  record Jbd(int softwareVersion, @Nullable String productionDate) implements FamilyExtras {}

  /**
   * JK extras (both the TLV and the PB frame; absent values are null).
   *
   * @param protocolVersion TLV tag 0xC0 (null on older firmware); null for PB
   * @param softwareVersion TLV tag 0xB7, null for PB
   * @param totalCycleCapacityAh TLV tag 0x89
   * @param balancerEnabled TLV tag 0x8C bit 2 / PB not reported (null)
   * @param sohPercent PB offset 190 (32S layout)
   * @param balanceCurrentMilliamps PB offset 170
   * @param layout {@code tlv}, {@code jk02_32s} or {@code jk02_24s}
   */
  record Jk(
      @Nullable Integer protocolVersion,
      @Nullable String softwareVersion,
      @Nullable Long totalCycleCapacityAh,
      @Nullable Boolean balancerEnabled,
      @Nullable Integer sohPercent,
      @Nullable Integer balanceCurrentMilliamps,
      String layout)
      implements FamilyExtras {}

  /**
   * Daly extras.
   *
   * @param currentWireMilliamps (raw - 30000) x 100 mA exactly as sent, before the sign convention
   * @param state the 0x93 state byte: 0 idle, 1 charge, 2 discharge
   * @param bmsLife 0x93 byte 3
   * @param chargerConnected 0x94 byte 2
   * @param loadConnected 0x94 byte 3
   * @param faultCode 0x98 byte 7
   * @param dropped what the multi-frame replies held besides the frames used
   */
  record Daly(
      int currentWireMilliamps,
      int state,
      int bmsLife,
      boolean chargerConnected,
      boolean loadConnected,
      int faultCode,
      Dropped dropped)
      implements FamilyExtras {

    /**
     * The bytes of the 0x95 and 0x96 replies set aside (noise, damaged, duplicate or surplus
     * frames); empty lists for clean replies. Offsets count from the first byte of each reply.
     */
    public record Dropped(List<DroppedBytes> cellVoltages, List<DroppedBytes> temperatures) {
      public static final Dropped NONE = new Dropped(List.of(), List.of());

      public Dropped {
        cellVoltages = List.copyOf(cellVoltages);
        temperatures = List.copyOf(temperatures);
      }
    }
  }

  /**
   * ANT extras.
   *
   * @param protocol {@code new} (7E A1) or {@code legacy} (AA 55 AA FF)
   * @param currentWireMilliamps the current exactly as sent, before the sign convention
   * @param chargeMosStatus the raw charge-MOSFET status code (after the byte-order convention)
   * @param dischargeMosStatus the raw discharge-MOSFET status code
   * @param balancerStatus the raw balancer status byte
   * @param powerWatts as sent (sign as on the wire)
   * @param sohPercent new protocol only
   * @param protectionWords new protocol: the 64-bit protection and warning words, raw
   */
  record Ant(
      String protocol,
      int currentWireMilliamps,
      int chargeMosStatus,
      int dischargeMosStatus,
      int balancerStatus,
      int powerWatts,
      @Nullable Integer sohPercent,
      List<Long> protectionWords)
      implements FamilyExtras {
    public Ant {
      protectionWords = List.copyOf(protectionWords);
    }
  }
}
