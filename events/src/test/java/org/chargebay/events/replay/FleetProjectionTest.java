package org.chargebay.events.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.chargebay.events.BayConfigured;
import org.chargebay.events.BayRemoved;
import org.chargebay.events.ChargeStarted;
import org.chargebay.events.PackIdentified;
import org.chargebay.events.ResistanceMeasured;
import org.chargebay.events.SampleEvents;
import org.chargebay.events.codec.EventCodec;
import org.chargebay.events.store.ExpectedVersion;
import org.chargebay.events.store.sqlite.SqliteEventStore;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class FleetProjectionTest {

  @Test
  void only_bay_streams_are_bays(@TempDir Path dir) {
    try (SqliteEventStore store = SqliteEventStore.open(dir.resolve("j.db"))) {
      store.append(
          BayConfigured.STREAM,
          ExpectedVersion.noStream(),
          List.of(SampleEvents.of(BayConfigured.class), SampleEvents.of(BayRemoved.class)));
      store.append(
          "bay-7", ExpectedVersion.noStream(), List.of(SampleEvents.of(ChargeStarted.class)));
      store.append(
          PackIdentified.streamOf("JK-1A2B3C4D"),
          ExpectedVersion.noStream(),
          List.of(
              SampleEvents.of(PackIdentified.class), SampleEvents.of(ResistanceMeasured.class)));

      Map<String, FleetProjection.BayView> views = FleetProjection.of(store, EventCodec.standard());

      assertThat(views).containsOnlyKeys("bay-7");
      assertThat(views.get("bay-7").version()).isEqualTo(1);
      assertThat(views.get("bay-7").history().sessions())
          .extracting(SessionHistory.Session::sessionId)
          .containsExactly("s-0001");
    }
  }
}
