package org.chargebay.bms.transport;

import org.chargebay.bms.BmsException;
import org.chargebay.bms.BmsOptions;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.Rejected;
import org.chargebay.bms.ant.AntBms;
import org.chargebay.bms.ant.AntDecoder;
import org.chargebay.bms.ant.AntFrameSpec;
import org.chargebay.bms.ant.AntFrames;
import org.chargebay.bms.ant.AntLegacyStatus;
import org.chargebay.bms.ant.AntStatus;

/**
 * ANT over any {@link ByteLink}, in one of two protocols.
 *
 * <ul>
 *   <li>new ({@code 7E A1}): status request, 0x11 reply. The cited sources give no MOSFET register
 *       for this protocol, so {@link #setChargeFet} fails with a {@link
 *       org.chargebay.bms.ChargeFetUnavailableException}.
 *   <li>legacy ({@code AA 55 AA FF}): {@code DB DB 00 00 00 00}, 140-byte reply; charge MOSFET via
 *       the write {@code A5 A5 FA <value> <sum>} (control address 250, PROTOCOLS.md 4b), which the
 *       board does not acknowledge: the read-back decides.
 * </ul>
 */
public final class AntClient extends ReadBackClient {

  private final boolean legacy;

  public AntClient(PortChannel channel, BmsOptions options, boolean legacy, Runnable onClose) {
    super(channel, options, onClose);
    this.legacy = legacy;
  }

  @Override
  protected String family() {
    return legacy ? "ANT (legacy)" : "ANT";
  }

  @Override
  protected BmsSnapshot readSnapshot() throws BmsException {
    if (legacy) {
      Framed<AntLegacyStatus> s =
          channel.exchange(
              AntFrames.legacyRead(),
              AntFrameSpec.LEGACY_REPLY,
              Framed.keep(AntDecoder::decodeLegacy),
              options.responseTimeout(),
              "ANT legacy status");
      DecodeResult<BmsSnapshot> snap = AntBms.snapshot(s.value(), options.conventions(), s.raw());
      if (snap instanceof Decoded<BmsSnapshot> d) {
        return d.value();
      }
      throw new BmsException(
          "ANT legacy reply from "
              + channel.describe()
              + " rejected: "
              + ((Rejected<BmsSnapshot>) snap).error().describe());
    }
    Framed<AntStatus> s =
        channel.exchange(
            AntFrames.readStatus(),
            AntFrameSpec.NEW_REPLY,
            Framed.keep(AntDecoder::decodeStatus),
            options.responseTimeout(),
            "ANT status (0x11)");
    return AntBms.snapshot(s.value(), options.conventions(), s.raw());
  }

  @Override
  protected void commandChargeFet(boolean on) throws BmsException {
    if (!legacy) {
      throw new org.chargebay.bms.ChargeFetUnavailableException(
          "ANT 7E A1 charge-MOSFET control is not documented in the cited sources (PROTOCOLS.md"
              + " 4a); use the legacy protocol (protocol=legacy) or cut the charge path elsewhere");
    }
    channel.send(
        AntFrames.legacyWrite(AntFrames.LEGACY_CHARGE_MOS, on ? 1 : 0),
        "ANT legacy charge MOS write");
  }
}
