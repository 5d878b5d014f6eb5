package org.chargebay.events;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The readings a decision was taken on. Either side may be absent when that device has not answered
 * yet; a stale side carries its age.
 *
 * @param bms the last BMS reading, or null if none was ever received
 * @param supply the last supply reading, or null if none was ever received
 * @param chargedMilliampHours charge delivered in this session so far (integrated from samples)
 * @param chargedMilliwattHours energy delivered in this session so far
 */
public record Evidence(
    @Nullable Bms bms,
    @Nullable Supply supply,
    long chargedMilliampHours,
    long chargedMilliwattHours) {

  /** No readings at all. */
  public static Evidence none() {
    return new Evidence(null, null, 0, 0);
  }

  /**
   * What the BMS said.
   *
   * @param ageMillis how old the reading was when the decision was taken
   * @param currentMilliamps positive while charging
   */
  public record Bms(
      long ageMillis,
      int packMillivolts,
      int currentMilliamps,
      List<Integer> cellMillivolts,
      boolean chargeFet,
      boolean dischargeFet) {
    public Bms {
      cellMillivolts = List.copyOf(cellMillivolts);
    }

    public int cellMaxMillivolts() {
      return cellMillivolts.stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    public int cellMinMillivolts() {
      return cellMillivolts.stream().mapToInt(Integer::intValue).min().orElse(0);
    }
  }

  /**
   * What the supply said.
   *
   * @param mode {@code "CC"} or {@code "CV"} as the supply reports it
   */
  public record Supply(
      long ageMillis,
      int setMillivolts,
      int setMilliamps,
      int outMillivolts,
      int outMilliamps,
      boolean outputOn,
      String mode) {}
}
