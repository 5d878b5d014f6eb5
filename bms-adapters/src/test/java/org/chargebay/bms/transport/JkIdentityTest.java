package org.chargebay.bms.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsOptions;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.connect.BmsClients;
import org.chargebay.bms.jk.JkChecksum;
import org.chargebay.bms.jk.JkDecoder;
import org.chargebay.bms.jk.JkFrameSpec;
import org.chargebay.bms.jk.JkFrames;
import org.chargebay.bms.jk.JkTlvStatus;
import org.chargebay.bms.vectors.FamilyVectors;
import org.chargebay.bms.wire.Bytes;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * A JK TLV board's identity for the pack history: the manufacturer id (0xBA) of newer firmware, or
 * else the device id (0xB4), from the captured read-all replies; none from a PB board.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JkIdentityTest {
  private static final Duration GENEROUS = Duration.ofSeconds(10);

  private static JkTlvStatus decode(byte[] frame) {
    return ((Decoded<JkTlvStatus>) JkDecoder.decodeTlv(frame)).value();
  }

  @Test
  void jk_01_carries_a_manufacturer_id_and_the_factory_device_id() {
    JkTlvStatus s = decode(FamilyVectors.get("jk", "jk-01").frame());

    assertThat(s.manufacturerId()).isEqualTo("BT3072020120000200521001");
    assertThat(s.deviceId()).isEqualTo(JkTlvStatus.FACTORY_DEVICE_ID);
    assertThat(s.hardwareId()).contains("BT3072020120000200521001");
  }

  @Test
  void jk_03_of_older_firmware_has_only_a_device_id_and_that_is_the_id() {
    byte[] frame = FamilyVectors.get("jk", "jk-03").frame().clone();
    // the vendor PDF printed a wrong checksum (PROTOCOLS.md 5): recompute it to read the records
    Bytes.put16be(frame, frame.length - 2, JkChecksum.tlvCompute(frame));
    JkTlvStatus s = decode(frame);

    assertThat(s.manufacturerId()).isNull();
    assertThat(s.deviceId()).isEqualTo("60300001");
    assertThat(s.hardwareId()).contains("60300001");
  }

  @Test
  void blank_or_factory_ids_give_none_and_ids_round_trip_through_the_encoder() {
    JkTlvStatus base = decode(FamilyVectors.get("jk", "jk-01").frame());
    JkTlvStatus none = with(base, JkTlvStatus.FACTORY_DEVICE_ID, "   ");
    assertThat(decode(JkFrames.encodeTlv(none)).manufacturerId()).isEmpty();
    assertThat(decode(JkFrames.encodeTlv(none)).hardwareId()).isEmpty();
    assertThat(with(base, null, null).hardwareId()).isEmpty();

    JkTlvStatus own = with(base, "PACK-017", null);
    assertThat(decode(JkFrames.encodeTlv(own)).hardwareId()).contains("PACK-017");
    JkTlvStatus both = with(base, "PACK-017", "SN-2025-000042");
    assertThat(decode(JkFrames.encodeTlv(both))).isEqualTo(both);
    assertThat(decode(JkFrames.encodeTlv(both)).hardwareId()).contains("SN-2025-000042");
  }

  @Test
  void the_client_reads_the_id_from_a_read_all_reply() throws Exception {
    byte[] capture = FamilyVectors.get("jk", "jk-01").frame();
    try (ScriptedGateway gateway = ScriptedGateway.start(JkFrameSpec.TLV, request -> capture);
        BmsClient client =
            BmsClients.open(
                "jk",
                "tcp://127.0.0.1:" + gateway.port(),
                BmsOptions.create(o -> o.protocol("tlv").responseTimeout(GENEROUS)))) {
      assertThat(client.readHardwareId()).contains("BT3072020120000200521001");
      assertThat(gateway.requests()).containsExactly(JkFrames.readAll());
    }
  }

  private static JkTlvStatus with(JkTlvStatus s, String deviceId, String manufacturerId) {
    return new JkTlvStatus(
        s.cellMillivolts(),
        s.mosTempDeciCelsius(),
        s.t1DeciCelsius(),
        s.t2DeciCelsius(),
        s.packMillivolts(),
        s.currentMilliamps(),
        s.socPercent(),
        s.tempSensorCount(),
        s.cycles(),
        s.totalCycleCapacityAh(),
        s.cellCount(),
        s.alarmBits(),
        s.statusBits(),
        s.nominalCapacityAh(),
        s.runtimeMinutes(),
        s.softwareVersion(),
        s.protocolVersion(),
        deviceId,
        manufacturerId);
  }
}
