package org.chargebay.app.demo.simulate;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@code simulate} reports, one JSON object.
 *
 * @param outcome {@code completed}, {@code refused}, {@code cut_off}, or {@code unfinished} when
 *     the simulated time limit ran out first
 * @param reason the refusal or cut-off code, null when completed
 * @param detail the refusal's or cut-off's sentence naming the numbers, null when completed
 * @param maxCellVolts the highest true cell voltage of the pack model at any physics step
 * @param finalDeltaMillivolts the resting spread of the cells at the end
 * @param durationSeconds simulated seconds from the first poll to the end of the charge (the
 *     completion, cut-off or refusal)
 * @param ampHours charge the supply delivered, including top-ups
 * @param wattHours energy the supply delivered, including top-ups
 * @param topUps top-up sessions during the rest
 * @param violationAtSeconds with a fault: the first simulated second at which it became observable
 *     by the rule meant to catch it, from the simulated hardware (over-voltage faults: the first
 *     instant a true cell exceeded ceiling + margin; communication faults: the onset; see {@link
 *     SimulatedFaults.Kind}); null without faults, and null when it never became observable
 * @param detectionMillis from the violation until the last path that really switched off did (both
 *     paths when both work), measured on the simulated supply and BMS
 * @param supplyOffMillis from the violation to the supply's output really off; null if it never
 *     went off after the violation
 * @param bmsFetOffMillis from the violation to the BMS charge MOSFET really open; null if it never
 *     opened after the violation
 * @param paths with a cut-off: each path's result as the controller recorded it (e.g. {@code
 *     "bms-charge-fet-off: confirmed"}); null otherwise
 * @param events the recorded event types, in order
 */
@JsonPropertyOrder({
  "outcome",
  "reason",
  "detail",
  "max_cell_v",
  "final_delta_mv",
  "duration_s",
  "ah",
  "wh",
  "top_ups",
  "violation_at_s",
  "detection_ms",
  "supply_off_ms",
  "bms_fet_off_ms",
  "paths",
  "events"
})
public record SimulationResult(
    @JsonProperty("outcome") String outcome,
    @JsonProperty("reason") @Nullable String reason,
    @JsonProperty("detail") @Nullable String detail,
    @JsonProperty("max_cell_v") double maxCellVolts,
    @JsonProperty("final_delta_mv") int finalDeltaMillivolts,
    @JsonProperty("duration_s") double durationSeconds,
    @JsonProperty("ah") double ampHours,
    @JsonProperty("wh") double wattHours,
    @JsonProperty("top_ups") int topUps,
    @JsonProperty("violation_at_s") @Nullable Double violationAtSeconds,
    @JsonProperty("detection_ms") @Nullable Long detectionMillis,
    @JsonProperty("supply_off_ms") @Nullable Long supplyOffMillis,
    @JsonProperty("bms_fet_off_ms") @Nullable Long bmsFetOffMillis,
    @JsonProperty("paths") @Nullable List<String> paths,
    @JsonProperty("events") List<String> events) {

  public SimulationResult {
    events = List.copyOf(events);
    paths = paths == null ? null : List.copyOf(paths);
  }
}
