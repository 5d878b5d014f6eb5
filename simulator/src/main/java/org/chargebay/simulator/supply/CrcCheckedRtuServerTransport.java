package org.chargebay.simulator.supply;

import com.digitalpetri.modbus.Crc16;
import com.digitalpetri.modbus.ModbusRtuFrame;
import com.digitalpetri.modbus.server.ModbusRequestContext.ModbusRtuRequestContext;
import com.digitalpetri.modbus.server.ModbusRtuServerTransport;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * Recomputes the CRC of every RTU response frame before it goes on the wire. digitalpetri modbus
 * 2.1.0's {@code ModbusRtuServer} computes the CRC of an <em>exception</em> response before
 * flipping the PDU buffer, so the CRC covers the unit id only (e.g. {@code 01 86 02 7E 80} instead
 * of {@code 01 86 02 C3 A1}); a real master drops such a frame as corrupt and sees a timeout
 * instead of the exception the emulated unit sends. Normal responses are unaffected.
 */
final class CrcCheckedRtuServerTransport implements ModbusRtuServerTransport {
  private final ModbusRtuServerTransport delegate;

  CrcCheckedRtuServerTransport(ModbusRtuServerTransport delegate) {
    this.delegate = delegate;
  }

  @Override
  public CompletionStage<Void> bind() {
    return delegate.bind();
  }

  @Override
  public CompletionStage<Void> unbind() {
    return delegate.unbind();
  }

  @Override
  public void receive(FrameReceiver<ModbusRtuRequestContext, ModbusRtuFrame> frameReceiver) {
    delegate.receive((context, request) -> withCrc(frameReceiver.receive(context, request)));
  }

  /** The frame with the CRC-16/MODBUS of its unit id and PDU, low byte first. */
  static ModbusRtuFrame withCrc(ModbusRtuFrame frame) {
    Crc16 crc16 = new Crc16();
    crc16.update(frame.unitId());
    crc16.update(frame.pdu().duplicate());
    ByteBuffer crc = ByteBuffer.allocate(2);
    crc.put((byte) (crc16.getValue() & 0xFF));
    crc.put((byte) ((crc16.getValue() >>> 8) & 0xFF));
    crc.flip();
    return new ModbusRtuFrame(frame.unitId(), frame.pdu(), crc);
  }
}
