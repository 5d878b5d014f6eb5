package org.chargebay.app.demo.simulate;

import com.digitalpetri.modbus.ModbusTcpFrame;
import com.digitalpetri.modbus.TimeoutScheduler;
import com.digitalpetri.modbus.client.ModbusTcpClientTransport;
import com.digitalpetri.modbus.server.ModbusRequestContext.ModbusTcpRequestContext;
import com.digitalpetri.modbus.server.ModbusServerTransport.FrameReceiver;
import com.digitalpetri.modbus.server.ModbusTcpServerTransport;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The simulation's supply wire: Modbus TCP frames from the controller's Modbus client to the
 * emulated supply's Modbus server and back, handed over in the controller's thread. The frames are
 * the ones a socket would carry (the client's and the server's own encoding, MBAP header included),
 * so the supply driver and the emulator run exactly as over loopback; only the socket and its
 * thread hand-offs are gone.
 *
 * <p>A request the emulator leaves unanswered (a silent supply, a unit id it does not serve) times
 * out at once: this is also the client's {@link TimeoutScheduler}, and fires the request's timeout
 * when the server has returned without an answer, so the client fails the request as a timeout, as
 * it would after waiting. The virtual clock does not move during a request, so the wait would have
 * no simulated duration. Not thread-safe: the bay's loop is its only user.
 */
final class InProcessModbus implements TimeoutScheduler {

  private static final SocketAddress HERE = InetSocketAddress.createUnresolved("in-process", 502);

  private @Nullable FrameReceiver<ModbusTcpRequestContext, ModbusTcpFrame> server;
  private @Nullable Consumer<ModbusTcpFrame> client;
  private boolean connected;
  private final List<Handle> timeouts = new ArrayList<>();

  /** The emulator's side. */
  ModbusTcpServerTransport serverTransport() {
    return new ModbusTcpServerTransport() {
      @Override
      public CompletionStage<Void> bind() {
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public CompletionStage<Void> unbind() {
        server = null;
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public void receive(FrameReceiver<ModbusTcpRequestContext, ModbusTcpFrame> receiver) {
        server = receiver;
      }
    };
  }

  /** The controller's side. */
  ModbusTcpClientTransport clientTransport() {
    return new ModbusTcpClientTransport() {
      @Override
      public CompletionStage<Void> connect() {
        connected = true;
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public CompletionStage<Void> disconnect() {
        connected = false;
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public boolean isConnected() {
        return connected;
      }

      @Override
      public CompletionStage<Void> send(ModbusTcpFrame frame) {
        return exchange(frame);
      }

      @Override
      public void receive(Consumer<ModbusTcpFrame> receiver) {
        client = receiver;
      }
    };
  }

  private CompletionStage<Void> exchange(ModbusTcpFrame request) {
    if (!connected) {
      return CompletableFuture.failedFuture(
          new java.io.IOException("not connected to the simulated supply"));
    }
    ModbusTcpFrame response = null;
    FrameReceiver<ModbusTcpRequestContext, ModbusTcpFrame> s = server;
    if (s != null) {
      try {
        response = s.receive(CONTEXT, new ModbusTcpFrame(request.header(), copy(request.pdu())));
      } catch (Exception e) {
        response = null; // the emulator answers nothing (silent, or another unit id)
      }
    }
    Consumer<ModbusTcpFrame> c = client;
    if (response != null && c != null) {
      c.accept(new ModbusTcpFrame(response.header(), copy(response.pdu())));
    } else {
      expire();
    }
    return CompletableFuture.completedFuture(null);
  }

  /** Fires every pending request timeout: nothing will answer them. */
  private void expire() {
    List<Handle> due = new ArrayList<>(timeouts);
    timeouts.clear();
    for (Handle h : due) {
      if (!h.cancelled) {
        h.task.run(h);
      }
    }
  }

  @Override
  public TimeoutHandle newTimeout(Task task, long delay, TimeUnit unit) {
    timeouts.removeIf(h -> h.cancelled);
    Handle h = new Handle(task);
    timeouts.add(h);
    return h;
  }

  private static ByteBuffer copy(ByteBuffer pdu) {
    ByteBuffer in = pdu.duplicate();
    ByteBuffer out = ByteBuffer.allocate(in.remaining());
    out.put(in);
    out.flip();
    return out;
  }

  private static final ModbusTcpRequestContext CONTEXT =
      new ModbusTcpRequestContext() {
        @Override
        public SocketAddress localAddress() {
          return HERE;
        }

        @Override
        public SocketAddress remoteAddress() {
          return HERE;
        }
      };

  private static final class Handle implements TimeoutHandle {
    final Task task;
    boolean cancelled;

    Handle(Task task) {
      this.task = task;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }

    @Override
    public boolean isCancelled() {
      return cancelled;
    }
  }
}
