package org.chargebay.supply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.digitalpetri.modbus.client.ModbusTcpClient;
import com.digitalpetri.modbus.exceptions.ModbusExecutionException;
import com.digitalpetri.modbus.exceptions.ModbusTimeoutException;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersRequest;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;

/**
 * The blocking Modbus TCP transport under the real digitalpetri client, against a scripted peer on
 * loopback: how it answers, splits, repeats, hangs, hangs up and garbles.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class BlockingTcpClientTransportTest {
  private static final Duration TIMEOUT = Duration.ofMillis(400);

  /** What the peer does with one request. */
  private enum Act {
    ANSWER,
    ANSWER_IN_TWO_CHUNKS,
    STALE_THEN_ANSWER,
    SILENCE,
    HANG_UP,
    GARBLE
  }

  private final BlockingQueue<Act> script = new LinkedBlockingQueue<>();
  private final List<Integer> connectionsAccepted = new CopyOnWriteArrayList<>();
  private ServerSocket server;
  private Thread peer;
  private ModbusTcpClient client;

  private void startPeer() throws IOException {
    server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    peer =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                  connectionsAccepted.add(s.getPort());
                  serve(s);
                } catch (IOException | InterruptedException e) {
                  // the test closed the server, or the client went away: next connection
                }
              }
            },
            "scripted-modbus-peer");
    peer.setDaemon(true);
    peer.start();
    client =
        ModbusTcpClient.create(
            new BlockingTcpClientTransport("127.0.0.1", server.getLocalPort(), TIMEOUT, TIMEOUT),
            cfg -> cfg.requestTimeout = TIMEOUT);
  }

  /** Answers requests on one connection as the script says (register i holds 100 + i). */
  private void serve(Socket s) throws IOException, InterruptedException {
    InputStream in = s.getInputStream();
    OutputStream out = s.getOutputStream();
    while (true) {
      byte[] req = in.readNBytes(12); // MBAP + read holding registers (fc, address, count)
      if (req.length < 12) {
        return;
      }
      int count = ((req[10] & 0xFF) << 8) | (req[11] & 0xFF);
      Act act = script.poll(5, TimeUnit.SECONDS);
      if (act == null) {
        return;
      }
      byte[] answer = response(req[0], req[1], req[6], count);
      switch (act) {
        case ANSWER -> out.write(answer);
        case ANSWER_IN_TWO_CHUNKS -> {
          out.write(answer, 0, 5);
          out.flush();
          out.write(answer, 5, answer.length - 5);
        }
        case STALE_THEN_ANSWER -> {
          out.write(response((byte) (req[0] ^ 0x7F), req[1], req[6], count));
          out.write(answer);
        }
        case SILENCE -> {
          // keep the connection open and say nothing; the client drops it after its timeout
          in.readAllBytes();
          return;
        }
        case HANG_UP -> {
          return;
        }
        case GARBLE -> {
          answer[2] = 0x12; // protocol id 0x1200: not Modbus TCP
          out.write(answer);
        }
      }
      out.flush();
    }
  }

  private static byte[] response(byte txHi, byte txLo, byte unit, int count) {
    byte[] r = new byte[9 + 2 * count];
    r[0] = txHi;
    r[1] = txLo;
    int length = 3 + 2 * count;
    r[4] = (byte) (length >> 8);
    r[5] = (byte) length;
    r[6] = unit;
    r[7] = 0x03;
    r[8] = (byte) (2 * count);
    for (int i = 0; i < count; i++) {
      r[9 + 2 * i] = 0;
      r[10 + 2 * i] = (byte) (100 + i);
    }
    return r;
  }

  private int[] read(int count) throws Exception {
    if (!client.isConnected()) {
      client.connect();
    }
    ReadHoldingRegistersResponse r =
        client.readHoldingRegisters(1, new ReadHoldingRegistersRequest(0, count));
    byte[] b = r.registers();
    int[] values = new int[count];
    for (int i = 0; i < count; i++) {
      values[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
    }
    return values;
  }

  @AfterEach
  void stop() throws Exception {
    if (client != null) {
      client.disconnect();
    }
    if (server != null) {
      server.close();
    }
    if (peer != null) {
      peer.join(10_000);
    }
  }

  @Test
  void a_response_is_read_in_the_callers_thread_so_the_clients_future_is_done_on_return()
      throws Exception {
    startPeer();
    script.add(Act.ANSWER);
    client.connect();

    CompletableFuture<?> f =
        client
            .readHoldingRegistersAsync(1, new ReadHoldingRegistersRequest(0, 3))
            .toCompletableFuture();

    assertThat(f).isDone();
    assertThat(((ReadHoldingRegistersResponse) f.get()).registers())
        .containsExactly(0, 100, 0, 101, 0, 102);
  }

  @Test
  void a_response_split_across_reads_and_one_after_a_stale_frame_are_both_read_whole()
      throws Exception {
    startPeer();
    script.add(Act.ANSWER_IN_TWO_CHUNKS);
    script.add(Act.STALE_THEN_ANSWER);
    script.add(Act.ANSWER);

    assertThat(read(4)).containsExactly(100, 101, 102, 103);
    assertThat(read(2)).containsExactly(100, 101);
    assertThat(read(1)).containsExactly(100);
    assertThat(connectionsAccepted).hasSize(1);
  }

  @Test
  void a_silent_peer_is_a_timeout_and_the_next_request_connects_again() throws Exception {
    startPeer();
    script.add(Act.SILENCE);
    script.add(Act.ANSWER);

    assertThatThrownBy(() -> read(2))
        .isInstanceOf(ModbusTimeoutException.class)
        .hasMessageContaining("request timed out after 400ms");
    assertThat(read(2)).containsExactly(100, 101);
    assertThat(connectionsAccepted).hasSize(2);
  }

  @Test
  void a_peer_that_hangs_up_fails_the_request_at_once_with_a_message_saying_so() throws Exception {
    startPeer();
    script.add(Act.HANG_UP);
    script.add(Act.ANSWER);

    assertThatThrownBy(() -> read(2))
        .isInstanceOf(ModbusExecutionException.class)
        .hasMessageContaining("the peer closed the connection");
    assertThat(client.isConnected()).isFalse();
    assertThat(read(2)).containsExactly(100, 101);
  }

  @Test
  void a_header_that_is_not_modbus_tcp_fails_the_request_naming_what_is_wrong() throws Exception {
    startPeer();
    script.add(Act.GARBLE);
    script.add(Act.ANSWER);

    assertThatThrownBy(() -> read(2))
        .isInstanceOf(ModbusExecutionException.class)
        .hasMessageContaining("malformed Modbus TCP header (protocol id 4608, length 7;");
    assertThat(read(2)).containsExactly(100, 101);
  }

  @Test
  void nobody_listening_is_a_clear_connect_failure() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    ModbusTcpClient c =
        ModbusTcpClient.create(
            new BlockingTcpClientTransport("127.0.0.1", port, TIMEOUT, TIMEOUT),
            cfg -> cfg.requestTimeout = TIMEOUT);

    assertThatThrownBy(c::connect)
        .isInstanceOf(ModbusExecutionException.class)
        .hasMessageContaining("cannot connect to 127.0.0.1:" + port);
  }

  @Test
  void the_request_goes_out_as_one_mbap_frame() throws Exception {
    CountDownLatch got = new CountDownLatch(1);
    byte[][] seen = new byte[1][];
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread t =
          new Thread(
              () -> {
                try (Socket c = s.accept()) {
                  seen[0] = c.getInputStream().readNBytes(12);
                  got.countDown();
                } catch (IOException e) {
                  got.countDown();
                }
              });
      t.start();
      BlockingTcpClientTransport transport =
          new BlockingTcpClientTransport("127.0.0.1", s.getLocalPort(), TIMEOUT, TIMEOUT);
      ModbusTcpClient c = ModbusTcpClient.create(transport, cfg -> cfg.requestTimeout = TIMEOUT);
      c.connect();
      c.readHoldingRegistersAsync(7, new ReadHoldingRegistersRequest(0x0102, 3));
      assertThat(got.await(10, TimeUnit.SECONDS)).isTrue();
      c.disconnect();
      t.join(10_000);
    }
    // transaction id, protocol 0, length 6, unit 7, fc 3, address 0x0102, count 3
    assertThat(seen[0]).hasSize(12);
    assertThat(java.util.Arrays.copyOfRange(seen[0], 2, 12))
        .containsExactly(0, 0, 0, 6, 7, 3, 1, 2, 0, 3);
  }
}
