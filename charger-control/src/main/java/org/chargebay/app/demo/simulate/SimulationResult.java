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
 * @param violationAtSeconds with a fault: when the highest true cell first exceeded the session
 *     ceiling plus 5 mV; null without faults
 * @param detectionMillis with a fault: from the violation to the cut-off decision
 * @param supplyOffMillis with a fault: from the violation to the supply's output off
 * @param bmsFetOffMillis with a fault: from the violation to the BMS charge MOSFET off
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
    @JsonProperty("events") List<String> events) {

  public SimulationResult {
    events = List.copyOf(events);
  }
}
