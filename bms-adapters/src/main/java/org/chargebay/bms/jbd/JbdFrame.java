package org.chargebay.bms.jbd;

/**
 * A decoded JBD response, one variant per register. Returned by {@link JbdDecoder#decode(byte[])},
 * which dispatches on the register byte.
 */
public sealed interface JbdFrame
    permits JbdBasicInfo, JbdCells, JbdHardware, JbdErrorCounts, JbdWriteAck {

  /** The register this frame answers (offset 1 of the response), 0-255. */
  int register();
}
