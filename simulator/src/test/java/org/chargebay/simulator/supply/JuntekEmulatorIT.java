package org.chargebay.simulator.supply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.chargebay.simulator.Faults;
import org.chargebay.simulator.PackModel;
import org.chargebay.simulator.SimulatedBay;
import org.chargebay.simulator.VirtualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * {@link JuntekEmulator} (DPH8920, 96 V / 20 A) against JUNTEK's ASCII "simple communication
 * protocol" as summarised in PRO-DEVICES.md §4.2: frames {@code :01r30=0,} / {@code :01w20=V,I,}
 * terminated by a newline, read replies {@code :01rNN=value.}, write replies {@code :01ok}; V x100,
 * I x1000; 00/01 maxima, 10/11 set V/I, 12 output, 20 both, 30/31 measured V/I, 32 CV(0)/CC(1).
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JuntekEmulatorIT {
  private static final int SERIES = 17; // 4.2 V per cell within 75 % of 96 V

  private final VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final PackModel twin = EmulatorBench.pack(SERIES, 2.0);
  private final SimulatedBay bay =
      new SimulatedBay(clock, EmulatorBench.pack(SERIES, 2.0), new Faults());
  private final JuntekEmulator dph = JuntekEmulator.tcp(bay, 1);
  private final Socket socket;
  private final BufferedReader in;
  private final OutputStream out;

  JuntekEmulatorIT() throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), dph.port());
    socket.setSoTimeout(ANSWER_MS);
    in =
        new BufferedReader(
            new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    out = socket.getOutputStream();
  }

  @AfterEach
  void stop() throws IOException {
    socket.close();
    dph.close();
  }

  /** How long a reply is waited for: generous, the machine running the tests may be loaded. */
  private static final int ANSWER_MS = 5_000;

  /** How long "no reply" is waited for, where no reply is the expected outcome. */
  private static final int SILENCE_MS = 300;

  /** Sends one frame with a '\n' terminator; the reply line, failing if none came within 5 s. */
  private String send(String frame) {
    String reply = exchange(frame, ANSWER_MS);
    if (reply == null) {
      throw new AssertionError("no reply to " + frame + " within " + ANSWER_MS + " ms");
    }
    return reply;
  }

  /**
   * Sends one frame where no reply is expected: null if none came within 300 ms, else the reply (a
   * late reply shows up in the next exchange and fails it).
   */
  private String sendExpectingSilence(String frame) {
    return exchange(frame, SILENCE_MS);
  }

  private String exchange(String frame, int timeoutMs) {
    try {
      socket.setSoTimeout(timeoutMs);
      out.write((frame + "\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return in.readLine();
    } catch (SocketTimeoutException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private long read(int function) {
    String fn = String.format("%02d", function);
    String reply = send(":01r" + fn + "=0,");
    assertThat(reply).startsWith(":01r" + fn + "=").endsWith(".");
    return Long.parseLong(reply.substring(7, reply.length() - 1));
  }

  @Test
  void reports_its_maxima_as_the_model_identity() {
    assertThat(send(":01r00=0,")).isEqualTo(":01r00=9600.");
    assertThat(send(":01r01=0,")).isEqualTo(":01r01=20000.");
  }

  @Test
  void sets_voltage_x100_and_current_x1000_alone_or_together_and_reads_them_back() {
    assertThat(send(":01w10=4321,")).isEqualTo(":01ok");
    assertThat(send(":01w11=2345,")).isEqualTo(":01ok");
    assertThat(bay.state().setVolts()).isCloseTo(43.21, within(1e-9));
    assertThat(bay.state().setAmps()).isCloseTo(2.345, within(1e-9));
    assertThat(read(10)).isEqualTo(4321);
    assertThat(read(11)).isEqualTo(2345);
    assertThat(send(":01w20=5000,1500,")).isEqualTo(":01ok");
    assertThat(bay.state().setVolts()).isCloseTo(50.0, within(1e-9));
    assertThat(bay.state().setAmps()).isCloseTo(1.5, within(1e-9));
  }

  @Test
  void charges_in_cc_then_holds_cv_with_the_output_switched_by_function_12() {
    double cv = SERIES * 3.80;
    send(":01w20=" + Math.round(cv * 100) + ",1000,");
    assertThat(send(":01w12=1,")).isEqualTo(":01ok");
    assertThat(read(12)).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    twin.charge(1.0, 1.0);
    assertThat(read(32)).as("CC").isEqualTo(1);
    assertThat(read(31)).isEqualTo(1000);
    double volts = twin.packOcvVolts() + 1.0 * twin.packResistanceOhm();
    assertThat(read(30)).isCloseTo(Math.round(volts * 100), within(1L));

    clock.advance(Duration.ofSeconds(600));
    assertThat(read(32)).as("CV").isEqualTo(0);
    assertThat(read(30)).isCloseTo(Math.round(cv * 100), within(1L));
    long i1 = read(31);
    clock.advance(Duration.ofSeconds(120));
    assertThat(read(31)).as("tapering").isLessThan(i1).isGreaterThan(0);

    assertThat(send(":01w12=0,")).isEqualTo(":01ok");
    assertThat(bay.state().outputOn()).isFalse();
    assertThat(read(31)).isZero();
  }

  @Test
  void answers_only_its_own_address_and_well_formed_frames() {
    assertThat(sendExpectingSilence(":02r30=0,")).isNull();
    assertThat(sendExpectingSilence("hello")).isNull();
    assertThat(send(":01r30=0,")).as("still answering").startsWith(":01r30=");
  }

  @Test
  void ok_only_means_the_frame_parsed() {
    assertThat(send(":01w99=1,")).as("an unknown function").isEqualTo(":01ok");
    assertThat(send(":01w10=20000,")).as("200 V on a 96 V unit: no range check").isEqualTo(":01ok");
    assertThat(read(10)).as("clamped to the maximum by the emulator").isEqualTo(9600);
  }

  @Test
  void fault_switches_silence_it_make_it_ignore_off_and_make_its_readback_lie() {
    send(":01w20=6000,500,");
    send(":01w12=1,");
    dph.faults().outputIgnoresOff(true);
    assertThat(send(":01w12=0,")).isEqualTo(":01ok");
    assertThat(read(12)).isEqualTo(1);
    assertThat(bay.state().outputOn()).isTrue();
    dph.faults().outputIgnoresOff(false);
    dph.faults().voltageReadbackOffsetCounts(-50);
    assertThat(read(10)).isEqualTo(5950);
    assertThat(bay.state().setVolts()).isCloseTo(60.0, within(1e-9));
    dph.faults().silent(true);
    assertThat(sendExpectingSilence(":01w12=0,")).isNull();
    assertThat(bay.state().outputOn()).as("a silent unit still acts on what it hears").isFalse();
    assertThat(sendExpectingSilence(":01r30=0,")).isNull();
  }

  @Test
  void an_error_fault_answers_every_frame_with_an_error_and_carries_out_nothing() {
    send(":01w20=6000,500,");
    dph.faults().exceptionCode(4);
    assertThat(send(":01w12=1,")).isEqualTo(":01err4");
    assertThat(send(":01w10=1000,")).isEqualTo(":01err4");
    assertThat(send(":01r30=0,")).isEqualTo(":01err4");
    assertThat(bay.state().outputOn()).isFalse();
    assertThat(bay.state().setVolts()).isCloseTo(60.0, within(1e-9));
    assertThat(sendExpectingSilence(":02r30=0,")).as("other addresses still get nothing").isNull();
    dph.faults().exceptionCode(0);
    assertThat(read(10)).isEqualTo(6000);
  }

  @Test
  void a_slow_unit_answers_late_but_right() throws IOException {
    dph.faults().responseDelay(Duration.ofMillis(400));
    long start = System.nanoTime();
    assertThat(sendExpectingSilence(":01r00=0,")).as("not within 300 ms").isNull();
    socket.setSoTimeout(ANSWER_MS);
    assertThat(in.readLine()).as("then it comes").isEqualTo(":01r00=9600.");
    assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(400);
  }

  @Test
  void a_write_that_lands_but_is_never_answered_is_carried_out_once() {
    dph.faults().silentAfterWrite(true);
    assertThat(sendExpectingSilence(":01w20=5000,800,")).isNull();
    assertThat(dph.writeRequests()).isEqualTo(1);
    assertThat(bay.state().setVolts()).isCloseTo(50.0, within(1e-9));
    assertThat(bay.state().setAmps()).isCloseTo(0.8, within(1e-9));
    assertThat(read(10)).as("reads are still answered").isEqualTo(5000);
  }

  @Test
  void stuck_in_cc_it_pushes_its_current_past_the_cv_point_with_no_ovp_of_its_own_to_stop_it() {
    bay.faults().supplyIgnoresVoltageSetpoint(true);
    send(":01w20=" + Math.round(SERIES * 3.80 * 100) + ",1000,");
    send(":01w12=1,");
    double crossingAh = EmulatorBench.ampHoursToCrossing(twin, SERIES * 3.95, 1.0);
    clock.advance(Duration.ofMillis(Math.round((crossingAh + 0.05) * 3_600_000)));
    assertThat(read(30))
        .as("past the CV point, and past where an OVP would be")
        .isGreaterThan(Math.round(SERIES * 3.95 * 100));
    assertThat(read(32)).as("CC").isEqualTo(1);
    assertThat(read(31)).as("the full current").isEqualTo(1000);
    assertThat(read(12)).isEqualTo(1);
    assertThat(send(":01w12=0,")).isEqualTo(":01ok");
    assertThat(bay.state().outputOn()).isFalse();
  }
}
