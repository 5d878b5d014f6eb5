package org.chargebay.simulator.supply;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

/**
 * A deliberately dumb Modbus TCP client for the emulator tests: it builds the request PDUs by hand
 * (Modbus Application Protocol V1.1b3 §6) and returns the raw answer, so that what is checked is
 * the emulator's wire behaviour, not another Modbus library's interpretation of it. No retries.
 */
final class RawModbus implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private int transaction;

  /** What came back for one request: a normal answer, an exception answer, or nothing in time. */
  record Reply(int function, byte[] data, int exceptionCode, boolean silent) {
    static Reply none() {
      return new Reply(-1, new byte[0], 0, true);
    }

    boolean ok() {
      return !silent && exceptionCode == 0;
    }

    /** The register values of an FC03 answer. */
    int[] registers() {
      if (!ok()) {
        throw new AssertionError("no register values: " + this);
      }
      int count = (data[0] & 0xFF) / 2;
      int[] regs = new int[count];
      for (int i = 0; i < count; i++) {
        regs[i] = ((data[1 + 2 * i] & 0xFF) << 8) | (data[2 + 2 * i] & 0xFF);
      }
      return regs;
    }

    int register() {
      return registers()[0];
    }

    /** The coil bits of an FC01 answer, LSB first. */
    int coilBits() {
      if (!ok()) {
        throw new AssertionError("no coil values: " + this);
      }
      return data[1] & 0xFF;
    }

    @Override
    public String toString() {
      if (silent) {
        return "no answer";
      }
      return exceptionCode != 0
          ? String.format("exception fc=0x%02X code=0x%02X", function, exceptionCode)
          : String.format("fc=0x%02X data=%s", function, Arrays.toString(data));
    }
  }

  RawModbus(int port, Duration answerTimeout) {
    try {
      socket = new Socket(InetAddress.getLoopbackAddress(), port);
      socket.setSoTimeout((int) answerTimeout.toMillis());
      socket.setTcpNoDelay(true);
      in = new DataInputStream(socket.getInputStream());
      out = socket.getOutputStream();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot connect to 127.0.0.1:" + port, e);
    }
  }

  /** For answers the test expects: a generous bound, so that a loaded machine is no failure. */
  RawModbus(int port) {
    this(port, Duration.ofSeconds(5));
  }

  /** Sends one PDU to {@code unit} and waits for the matching answer (MBAP transaction id). */
  Reply request(int unit, byte[] pdu) {
    int tid = ++transaction & 0xFFFF;
    byte[] adu = new byte[7 + pdu.length];
    adu[0] = (byte) (tid >>> 8);
    adu[1] = (byte) tid;
    adu[4] = (byte) ((pdu.length + 1) >>> 8);
    adu[5] = (byte) (pdu.length + 1);
    adu[6] = (byte) unit;
    System.arraycopy(pdu, 0, adu, 7, pdu.length);
    try {
      out.write(adu);
      out.flush();
      while (true) {
        int gotTid = in.readUnsignedShort();
        in.readUnsignedShort(); // protocol id
        int length = in.readUnsignedShort();
        in.readUnsignedByte(); // unit
        byte[] answer = new byte[length - 1];
        in.readFully(answer);
        if (gotTid != tid) {
          continue; // a late answer to an earlier request that timed out
        }
        int fc = answer[0] & 0xFF;
        if ((fc & 0x80) != 0) {
          return new Reply(fc, new byte[0], answer[1] & 0xFF, false);
        }
        return new Reply(fc, Arrays.copyOfRange(answer, 1, answer.length), 0, false);
      }
    } catch (SocketTimeoutException e) {
      return Reply.none();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** True once the server has closed this connection (EOF or reset on a read). */
  boolean closedByPeer() {
    try {
      return in.read() < 0;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  Reply readHolding(int unit, int address, int quantity) {
    return request(unit, new byte[] {0x03, hi(address), lo(address), hi(quantity), lo(quantity)});
  }

  Reply writeSingle(int unit, int address, int value) {
    return request(unit, new byte[] {0x06, hi(address), lo(address), hi(value), lo(value)});
  }

  Reply writeMultiple(int unit, int address, int... values) {
    byte[] pdu = new byte[6 + 2 * values.length];
    pdu[0] = 0x10;
    pdu[1] = hi(address);
    pdu[2] = lo(address);
    pdu[3] = hi(values.length);
    pdu[4] = lo(values.length);
    pdu[5] = (byte) (2 * values.length);
    for (int i = 0; i < values.length; i++) {
      pdu[6 + 2 * i] = hi(values[i]);
      pdu[7 + 2 * i] = lo(values[i]);
    }
    return request(unit, pdu);
  }

  Reply readCoils(int unit, int address, int quantity) {
    return request(unit, new byte[] {0x01, hi(address), lo(address), hi(quantity), lo(quantity)});
  }

  Reply writeCoil(int unit, int address, int value) {
    return request(unit, new byte[] {0x05, hi(address), lo(address), hi(value), lo(value)});
  }

  private static byte hi(int v) {
    return (byte) (v >>> 8);
  }

  private static byte lo(int v) {
    return (byte) v;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
