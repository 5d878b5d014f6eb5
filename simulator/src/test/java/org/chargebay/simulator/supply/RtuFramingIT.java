package org.chargebay.simulator.supply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Instant;
import java.util.Arrays;
import org.chargebay.simulator.Faults;
import org.chargebay.simulator.SimulatedBay;
import org.chargebay.simulator.VirtualClock;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * RTU framing (Modbus over Serial Line V1.02: address, PDU, CRC-16 low byte first) of {@link
 * ModbusSupplyEmulator} with hand-built frames: behind a transparent serial-to-Ethernet gateway
 * (RTU over TCP), and as the stock Riden WiFi module, which dials out to the controller and answers
 * RTU frames on that socket (REGISTERS.md A4). Exception answers are checked for a valid CRC too:
 * digitalpetri 2.1.0's RTU server gets theirs wrong, which the emulator repairs.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class RtuFramingIT {
  private final VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final SimulatedBay bay =
      new SimulatedBay(clock, EmulatorBench.pack(10, 2.0), new Faults());

  /** CRC-16/MODBUS: init 0xFFFF, reflected polynomial 0xA001. */
  static int crc(byte[] frame, int length) {
    int crc = 0xFFFF;
    for (int i = 0; i < length; i++) {
      crc ^= frame[i] & 0xFF;
      for (int b = 0; b < 8; b++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
      }
    }
    return crc;
  }

  static byte[] frame(int... bytes) {
    byte[] f = new byte[bytes.length + 2];
    for (int i = 0; i < bytes.length; i++) {
      f[i] = (byte) bytes[i];
    }
    int c = crc(f, bytes.length);
    f[bytes.length] = (byte) c; // low byte first
    f[bytes.length + 1] = (byte) (c >>> 8);
    return f;
  }

  /** Sends a frame and reads an answer of {@code length} bytes, checking its CRC. */
  static int[] exchange(Socket s, byte[] request, int length) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(request);
    out.flush();
    byte[] answer = new byte[length];
    new DataInputStream(s.getInputStream()).readFully(answer);
    int c = crc(answer, length - 2);
    assertThat(answer[length - 2] & 0xFF).as("CRC low byte first").isEqualTo(c & 0xFF);
    assertThat(answer[length - 1] & 0xFF).isEqualTo(c >>> 8);
    return Arrays.copyOf(toInts(answer), length - 2);
  }

  private static int[] toInts(byte[] b) {
    int[] out = new int[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = b[i] & 0xFF;
    }
    return out;
  }

  @Test
  void rtu_over_tcp_reads_writes_and_refuses_with_crc_checked_frames() throws IOException {
    try (ModbusSupplyEmulator e = ModbusSupplyEmulator.rtuOverTcp(bay, EmulatedModel.RD6018, 1);
        Socket s = new Socket(InetAddress.getLoopbackAddress(), e.port())) {
      s.setSoTimeout(2000);
      // 60181 = 0xEB15
      assertThat(exchange(s, frame(0x01, 0x03, 0x00, 0x00, 0x00, 0x01), 7))
          .containsExactly(0x01, 0x03, 0x02, 0xEB, 0x15);
      // V_SET = 4321 (0x10E1) = 43.21 V
      assertThat(exchange(s, frame(0x01, 0x06, 0x00, 0x08, 0x10, 0xE1), 8))
          .containsExactly(0x01, 0x06, 0x00, 0x08, 0x10, 0xE1);
      assertThat(bay.state().setVolts()).isCloseTo(43.21, within(1e-9));
      // calibration register 55 (0x37): ILLEGAL DATA ADDRESS
      assertThat(exchange(s, frame(0x01, 0x06, 0x00, 0x37, 0x00, 0x01), 5))
          .containsExactly(0x01, 0x86, 0x02);
      e.faults().exceptionCode(4);
      assertThat(exchange(s, frame(0x01, 0x03, 0x00, 0x00, 0x00, 0x01), 5))
          .containsExactly(0x01, 0x83, 0x04);
    }
  }

  @Test
  void the_stock_riden_wifi_module_dials_in_and_answers_rtu_frames_on_that_socket()
      throws IOException {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      listener.setSoTimeout(5000);
      try (ModbusSupplyEmulator e =
              ModbusSupplyEmulator.dialIn(
                  bay, EmulatedModel.RD6012P, 1, "127.0.0.1", listener.getLocalPort());
          Socket s = listener.accept()) {
        s.setSoTimeout(2000);
        // id 60125 = 0xEADD and the current range register 20 = 1 (12 A range)
        assertThat(exchange(s, frame(0x01, 0x03, 0x00, 0x00, 0x00, 0x01), 7))
            .containsExactly(0x01, 0x03, 0x02, 0xEA, 0xDD);
        assertThat(exchange(s, frame(0x01, 0x03, 0x00, 0x14, 0x00, 0x01), 7))
            .containsExactly(0x01, 0x03, 0x02, 0x00, 0x01);
        // I_SET = 1500 (0x05DC) = 1.5 A in the 12 A range (x1000), by FC16
        assertThat(exchange(s, frame(0x01, 0x10, 0x00, 0x09, 0x00, 0x01, 0x02, 0x05, 0xDC), 8))
            .containsExactly(0x01, 0x10, 0x00, 0x09, 0x00, 0x01);
        assertThat(bay.state().setAmps()).isCloseTo(1.5, within(1e-9));
        // range 2 does not exist: ILLEGAL DATA VALUE, in a frame with a valid CRC
        assertThat(exchange(s, frame(0x01, 0x06, 0x00, 0x14, 0x00, 0x02), 5))
            .containsExactly(0x01, 0x86, 0x03);
        assertThat(e.port()).isEqualTo(-1);
      }
    }
  }
}
