package org.chargebay.simulator.jbd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.chargebay.bms.BmsClient;
import org.chargebay.bms.BmsException;
import org.chargebay.bms.BmsOptions;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.connect.BmsClients;
import org.chargebay.bms.framing.FrameAccumulator;
import org.chargebay.bms.jbd.JbdDecoder;
import org.chargebay.bms.jbd.JbdFrame;
import org.chargebay.bms.jbd.JbdFrameSpec;
import org.chargebay.bms.jbd.JbdFrames;
import org.chargebay.bms.jbd.JbdHardware;
import org.chargebay.bms.jbd.JbdWriteAck;
import org.chargebay.simulator.BmsBackend;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * The JBD client a bay opens ({@link BmsClients#open}, with read-back) against {@link JbdEmulator}
 * on 127.0.0.1, plus raw-socket edge cases.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class JbdEmulatorTest {

  /**
   * The response timeout of the tests that wait for it to expire: short enough to wait for, long
   * enough that the normal reads those tests also make pass on a loaded machine.
   */
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  /** The response timeout of every other read: generous, a loaded machine may be slow. */
  private static final Duration GENEROUS = Duration.ofSeconds(10);

  /** A 4S pack at rest, values already on the JBD wire grid (10 mV, 10 mA, 10 mAh). */
  private static final BmsSnapshot PACK =
      new BmsSnapshot(
          List.of(3_301, 3_305, 3_299, 3_302),
          13_200,
          -2_870,
          57,
          List.of(251, 248),
          true,
          true,
          0b1001L,
          0,
          12,
          57_000,
          100_000,
          4);

  private final FakeBackend backend = new FakeBackend(PACK);
  private final JbdEmulator emulator = startEmulator(backend);
  private final String url = "tcp://127.0.0.1:" + emulator.port();
  private final BmsClient client =
      BmsClients.open("jbd", url, BmsOptions.create(o -> o.responseTimeout(GENEROUS)));
  private @Nullable BmsClient quick;

  /** A client with the short {@link #TIMEOUT}, for the tests that let it expire. */
  private BmsClient quick() {
    if (quick == null) {
      quick = BmsClients.open("jbd", url, BmsOptions.create(o -> o.responseTimeout(TIMEOUT)));
    }
    return quick;
  }

  @AfterEach
  void tearDown() {
    client.close();
    if (quick != null) {
      quick.close();
    }
    emulator.close();
  }

  @Test
  void reads_a_snapshot_from_the_backend() throws Exception {
    BmsSnapshot snapshot = client.read();

    assertThat(core(snapshot)).isEqualTo(PACK);
    assertThat(snapshot.rawFrames()).hasSize(2);
  }

  @Test
  void charge_fet_off_round_trip() throws Exception {
    client.read();

    client.setChargeFet(false);

    assertThat(emulator.mosfetCommands()).containsExactly(0x01);
    assertThat(backend.fetCommands()).containsExactly(List.of(false, true));
    BmsSnapshot next = client.read();
    assertThat(next.chargeFet()).isFalse();
    assertThat(next.dischargeFet()).isTrue();
  }

  @Test
  void charge_fet_back_on_keeps_a_discharge_fet_that_was_read_off() throws Exception {
    backend.setFets(false, false);
    backend.fetCommands.clear();

    client.setChargeFet(true);

    assertThat(emulator.mosfetCommands()).containsExactly(0x02);
    assertThat(client.read().chargeFet()).isTrue();
    assertThat(client.read().dischargeFet()).isFalse();
  }

  @Test
  void silent_emulator_times_out_within_the_timeout_and_the_client_recovers() throws Exception {
    emulator.setSilent(true);
    long start = System.nanoTime();

    assertThatThrownBy(quick()::read)
        .isInstanceOf(BmsException.class)
        .hasMessage("No JBD basic info (0x03) reply from " + url + " within 1000 ms");

    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
    assertThat(elapsed).isBetween(TIMEOUT.minusMillis(5), TIMEOUT.plusSeconds(2));
    emulator.setSilent(false);
    assertThat(core(quick().read())).isEqualTo(PACK);
  }

  @Test
  void silent_emulator_records_but_does_not_apply_a_mosfet_command() throws Exception {
    quick().read();
    emulator.setSilent(true);

    assertThatThrownBy(() -> quick().setChargeFet(false)).isInstanceOf(BmsException.class);

    assertThat(emulator.mosfetCommands()).containsExactly(0x01);
    assertThat(backend.fetCommands()).isEmpty();
    emulator.setSilent(false);
    assertThat(quick().read().chargeFet()).isTrue();
  }

  @Test
  void quantises_backend_values_to_the_wire_units() throws Exception {
    backend.set(
        new BmsSnapshot(
            List.of(70_000),
            13_204,
            1_235,
            null,
            List.of(),
            true,
            false,
            0L,
            0,
            0,
            57_004,
            100_000,
            1));

    BmsSnapshot snapshot = client.read();

    assertThat(snapshot.packMillivolts()).isEqualTo(13_200);
    assertThat(snapshot.currentMilliamps()).isEqualTo(1_240);
    assertThat(snapshot.remainingMilliampHours()).isEqualTo(57_000);
    assertThat(snapshot.socPercent()).isZero();
    assertThat(snapshot.cellMillivolts()).containsExactly(65_535);
  }

  @Test
  void answers_requests_that_arrive_one_byte_at_a_time() throws Exception {
    try (RawConnection raw = new RawConnection(emulator.port())) {
      for (byte b : JbdFrames.readHardware()) {
        raw.send(new byte[] {b});
      }

      assertThat(raw.nextFrame()).isEqualTo(new JbdHardware(JbdEmulator.DEFAULT_MODEL));
    }
  }

  @Test
  void ignores_a_request_with_a_bad_checksum_and_answers_the_next() throws Exception {
    byte[] corrupted = JbdFrames.writeMosfets(false, false);
    corrupted[5] ^= 0x04;
    try (RawConnection raw = new RawConnection(emulator.port())) {
      raw.send(concat(corrupted, JbdFrames.writeMosfets(false, true)));

      assertThat(raw.nextFrame()).isEqualTo(new JbdWriteAck(0xE1));
    }
    assertThat(emulator.mosfetCommands()).containsExactly(0x01);
  }

  @Test
  void serves_two_connections_at_once() throws Exception {
    try (RawConnection first = new RawConnection(emulator.port());
        RawConnection second = new RawConnection(emulator.port())) {
      first.send(JbdFrames.readHardware());
      second.send(JbdFrames.readHardware());

      assertThat(second.nextFrame()).isInstanceOf(JbdHardware.class);
      assertThat(first.nextFrame()).isInstanceOf(JbdHardware.class);
    }
  }

  @Test
  void a_closed_emulator_refuses_connections() {
    emulator.close();

    assertThatThrownBy(client::read)
        .isInstanceOf(BmsException.class)
        .hasMessageStartingWith("I/O error on " + url + " (JBD basic info (0x03)): ")
        .hasMessageContaining("Connection refused");
  }

  /** The 13 components the emulator serves (without probe names, alarms and raw frames). */
  private static BmsSnapshot core(BmsSnapshot s) {
    return new BmsSnapshot(
        s.cellMillivolts(),
        s.packMillivolts(),
        s.currentMilliamps(),
        s.socPercent(),
        s.tempDeciCelsius(),
        s.chargeFet(),
        s.dischargeFet(),
        s.balanceBits(),
        s.protectionBits(),
        s.cycles(),
        s.remainingMilliampHours(),
        s.nominalMilliampHours(),
        s.cellCount());
  }

  private static JbdEmulator startEmulator(BmsBackend backend) {
    try {
      return JbdEmulator.start(backend);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** A backend holding one snapshot; MOSFET commands change its FET flags. Thread-safe. */
  static final class FakeBackend implements BmsBackend {
    private BmsSnapshot snapshot;
    final List<List<Boolean>> fetCommands = new ArrayList<>();

    FakeBackend(BmsSnapshot snapshot) {
      this.snapshot = snapshot;
    }

    synchronized void set(BmsSnapshot snapshot) {
      this.snapshot = snapshot;
    }

    synchronized List<List<Boolean>> fetCommands() {
      return List.copyOf(fetCommands);
    }

    @Override
    public synchronized BmsSnapshot snapshot() {
      return snapshot;
    }

    @Override
    public synchronized void setFets(boolean charge, boolean discharge) {
      fetCommands.add(List.of(charge, discharge));
      BmsSnapshot s = snapshot;
      snapshot =
          new BmsSnapshot(
              s.cellMillivolts(),
              s.packMillivolts(),
              s.currentMilliamps(),
              s.socPercent(),
              s.tempDeciCelsius(),
              charge,
              discharge,
              s.balanceBits(),
              s.protectionBits(),
              s.cycles(),
              s.remainingMilliampHours(),
              s.nominalMilliampHours(),
              s.cellCount());
    }
  }

  /** A plain socket to the emulator that reads reply frames with a generous timeout. */
  static final class RawConnection implements AutoCloseable {
    private final Socket socket;
    private final FrameAccumulator accumulator = new FrameAccumulator(JbdFrameSpec.RESPONSE);
    private final List<byte[]> pending = new ArrayList<>();

    RawConnection(int port) throws IOException {
      socket = new Socket(InetAddress.getLoopbackAddress(), port);
      socket.setTcpNoDelay(true);
      socket.setSoTimeout(5_000);
    }

    void send(byte[] bytes) throws IOException {
      OutputStream out = socket.getOutputStream();
      out.write(bytes);
      out.flush();
    }

    JbdFrame nextFrame() throws IOException {
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[256];
      while (pending.isEmpty()) {
        int n = in.read(buffer);
        if (n < 0) {
          throw new IOException("emulator closed the connection");
        }
        pending.addAll(accumulator.feed(buffer, 0, n));
      }
      DecodeResult<JbdFrame> result = JbdDecoder.decode(pending.remove(0));
      assertThat(result).isInstanceOf(Decoded.class);
      return ((Decoded<JbdFrame>) result).value();
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
