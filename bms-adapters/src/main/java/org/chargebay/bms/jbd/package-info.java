/**
 * The JBD / LLT / Xiaoxiang "DD A5" protocol (Jiabaida "General Protocol V4"): request and response
 * encoders ({@link org.chargebay.bms.jbd.JbdFrames}), the pure decoder ({@link
 * org.chargebay.bms.jbd.JbdDecoder}), the checksum ({@link org.chargebay.bms.jbd.JbdChecksum}) and
 * the frame spec for {@link org.chargebay.bms.framing.FrameAccumulator}.
 *
 * <p>Layouts and quirks follow {@code shared/fixtures/bms/PROTOCOLS.md} section 1, which cites the
 * vendor PDF ({@code docs/Jiabaida.communication.protocol.pdf} in syssi/esphome-jbd-bms) and the
 * captures the golden tests use.
 */
@NullMarked
package org.chargebay.bms.jbd;

import org.jspecify.annotations.NullMarked;
