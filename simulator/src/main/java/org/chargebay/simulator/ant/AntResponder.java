package org.chargebay.simulator.ant;

import static org.chargebay.simulator.serial.Quantize.clamp;
import static org.chargebay.simulator.serial.Quantize.clampLong;
import static org.chargebay.simulator.serial.Quantize.units;

import java.util.ArrayList;
import java.util.List;
import org.chargebay.bms.BmsConventions;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.ant.AntDecoder;
import org.chargebay.bms.ant.AntDeviceInfo;
import org.chargebay.bms.ant.AntFrameSpec;
import org.chargebay.bms.ant.AntFrames;
import org.chargebay.bms.ant.AntLegacyStatus;
import org.chargebay.bms.ant.AntStatus;
import org.chargebay.bms.framing.FrameSpec;
import org.chargebay.simulator.serial.BmsResponder;

/**
 * An ANT board, in the new ({@code 7E A1}: status 0x01 and device info 0x02) or the legacy protocol
 * ({@code DB DB}/{@code 5A 5A} read, {@code A5 A5} writes to 250 charge MOS and 249 discharge MOS,
 * value 1 on / 0 off, no reply). The new protocol's MOS status bytes are written in the given order
 * and the legacy current with the given sign, so a bay with the same conventions reads the backend
 * back unchanged.
 */
public final class AntResponder implements BmsResponder {

  /** The model and software version answered to 0x02. */
  public static final AntDeviceInfo DEVICE_INFO = new AntDeviceInfo("SIM", "CHARGEBAY-SIM");

  private final boolean legacy;
  private final BmsConventions conventions;

  private AntResponder(boolean legacy, BmsConventions conventions) {
    this.legacy = legacy;
    this.conventions = conventions;
  }

  public static AntResponder newProtocol(BmsConventions conventions) {
    return new AntResponder(false, conventions);
  }

  public static AntResponder legacy(BmsConventions conventions) {
    return new AntResponder(true, conventions);
  }

  @Override
  public FrameSpec requestSpec() {
    return legacy ? AntFrameSpec.LEGACY_REQUEST : AntFrameSpec.NEW_REQUEST;
  }

  @Override
  public List<byte[]> answer(byte[] request, BmsSnapshot s, MosfetSink mosfets) {
    if (legacy) {
      DecodeResult<int[]> r = AntDecoder.decodeLegacyRequest(request);
      if (!(r instanceof Decoded<int[]> d)) {
        return List.of();
      }
      int fn = d.value()[0];
      if (fn == AntFrames.LEGACY_WRITE) {
        boolean on = d.value()[2] != 0;
        if (d.value()[1] == AntFrames.LEGACY_CHARGE_MOS) {
          mosfets.command(on, null);
        } else if (d.value()[1] == AntFrames.LEGACY_DISCHARGE_MOS) {
          mosfets.command(null, on);
        }
        return List.of();
      }
      return List.of(AntFrames.encodeLegacy(legacyStatus(s)));
    }
    DecodeResult<int[]> r = AntDecoder.decodeRequest(request);
    if (!(r instanceof Decoded<int[]> d)) {
      return List.of();
    }
    if (d.value()[0] == AntFrames.FUNC_STATUS) {
      return List.of(AntFrames.encodeStatus(status(s)));
    }
    if (d.value()[0] == AntFrames.FUNC_DEVICE_INFO) {
      return List.of(AntFrames.encodeDeviceInfo(DEVICE_INFO));
    }
    return List.of();
  }

  private AntStatus status(BmsSnapshot s) {
    List<Integer> cells = new ArrayList<>();
    for (int mv : s.cellMillivolts()) {
      if (cells.size() < 32) {
        cells.add(clamp(mv, 0, 0xFFFF));
      }
    }
    List<Integer> temps = new ArrayList<>();
    for (int deci : s.tempDeciCelsius()) {
      if (temps.size() < 6) {
        temps.add(clamp(Math.round(deci / 10.0), -39, 200));
      }
    }
    Integer mos = s.mosfetTempDeciCelsius();
    int mosC = mos == null ? 25 : clamp(Math.round(mos / 10.0), -39, 200);
    int charge = s.chargeFet() ? 1 : 0;
    int discharge = s.dischargeFet() ? 1 : 0;
    boolean chargeFirst =
        conventions.antMosByteOrder() == BmsConventions.AntMosByteOrder.CHARGE_FIRST;
    Integer soc = s.socPercent();
    return new AntStatus(
        5,
        s.currentMilliamps() > 0 ? 2 : s.currentMilliamps() < 0 ? 3 : 1,
        s.protectionBits() & 0x7FFF_FFFFL,
        0,
        0,
        cells,
        temps,
        mosC,
        mosC,
        units(s.packMillivolts(), 10, 0, 0xFFFF),
        units(s.currentMilliamps(), 100, -0x8000, 0x7FFF),
        soc == null ? 0 : clamp(soc, 0, 100),
        100,
        chargeFirst ? charge : discharge,
        chargeFirst ? discharge : charge,
        0,
        clampLong(s.nominalMilliampHours() * 1000L, 0, 0xFFFF_FFFFL),
        clampLong(s.remainingMilliampHours() * 1000L, 0, 0xFFFF_FFFFL),
        0,
        (int) ((long) s.packMillivolts() * s.currentMilliamps() / 1_000_000),
        0,
        s.balanceBits() & 0xFFFF_FFFFL);
  }

  private AntLegacyStatus legacyStatus(BmsSnapshot s) {
    List<Integer> cells = new ArrayList<>();
    for (int mv : s.cellMillivolts()) {
      if (cells.size() < 32) {
        cells.add(clamp(mv, 0, 0xFFFF));
      }
    }
    List<Integer> temps = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      temps.add(
          i < s.tempDeciCelsius().size()
              ? clamp(Math.round(s.tempDeciCelsius().get(i) / 10.0), -39, 200)
              : -40);
    }
    int max = 0;
    int min = 0;
    for (int i = 0; i < cells.size(); i++) {
      if (cells.get(i) > cells.get(max)) {
        max = i;
      }
      if (cells.get(i) < cells.get(min)) {
        min = i;
      }
    }
    int avg =
        cells.isEmpty() ? 0 : (int) cells.stream().mapToInt(Integer::intValue).average().orElse(0);
    int wire = conventions.antLegacyCurrentSign().apply(s.currentMilliamps());
    Integer soc = s.socPercent();
    return new AntLegacyStatus(
        units(s.packMillivolts(), 100, 0, 0xFFFF),
        cells,
        units(wire, 100, -20_000_000, 20_000_000),
        soc == null ? 0 : clamp(soc, 0, 100),
        clampLong(s.nominalMilliampHours() * 1000L, 0, 0xFFFF_FFFFL),
        clampLong(s.remainingMilliampHours() * 1000L, 0, 0xFFFF_FFFFL),
        0,
        0,
        temps,
        s.chargeFet() ? 1 : 0,
        s.dischargeFet() ? 1 : 0,
        0,
        (int) ((long) s.packMillivolts() * wire / 1_000_000),
        cells.isEmpty() ? 0 : max + 1,
        cells.isEmpty() ? 0 : cells.get(max),
        cells.isEmpty() ? 0 : min + 1,
        cells.isEmpty() ? 0 : cells.get(min),
        avg,
        cells.size(),
        s.balanceBits() & 0xFFFF_FFFFL);
  }
}
