package org.chargebay.simulator.fleet;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.chargebay.bms.BmsSnapshot;
import org.chargebay.bms.framing.FrameAccumulator;
import org.chargebay.simulator.BmsBackend;
import org.chargebay.simulator.serial.BmsResponder;
import org.jspecify.annotations.Nullable;

/**
 * One loopback TCP port of the fleet on the fleet's shared Netty event loops: either a BMS board
 * answering its family's real frames (as behind a transparent RS485-to-Ethernet gateway), or a hung
 * device that accepts connections, reads everything and never answers. No thread of its own: a
 * thousand of these cost a few channels each, not threads.
 */
final class TcpDeviceServer implements AutoCloseable {
  private final Channel server;
  private final int port;
  private final Set<Channel> connections = ConcurrentHashMap.newKeySet();

  private TcpDeviceServer(EventLoopGroup group, int port, Supplier<ChannelHandler> perConnection) {
    ChannelFuture bound =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    connections.add(ch);
                    ch.closeFuture().addListener(f -> connections.remove(ch));
                    ch.pipeline().addLast(perConnection.get());
                  }
                })
            .bind("127.0.0.1", port)
            .awaitUninterruptibly();
    if (!bound.isSuccess()) {
      throw new IllegalStateException(
          "cannot bind 127.0.0.1:" + port + ": " + bound.cause(), bound.cause());
    }
    this.server = bound.channel();
    this.port = ((InetSocketAddress) server.localAddress()).getPort();
  }

  /**
   * A BMS board on {@code port} (0 = ephemeral): every connection gets its own frame accumulator;
   * replies are built from {@code backend} at the moment a request is complete.
   */
  static TcpDeviceServer bms(
      EventLoopGroup group, int port, BmsResponder responder, BmsBackend backend) {
    return new TcpDeviceServer(group, port, () -> new Board(responder, backend));
  }

  /** A device on {@code port} (0 = ephemeral) that accepts and reads but never answers. */
  static TcpDeviceServer hung(EventLoopGroup group, int port) {
    return new TcpDeviceServer(group, port, Hung::new);
  }

  int port() {
    return port;
  }

  /** Stops accepting and drops every connection; when it returns the port refuses connections. */
  @Override
  public void close() {
    server.close().awaitUninterruptibly();
    for (Channel c : connections) {
      c.close();
    }
  }

  private static final class Board extends ChannelInboundHandlerAdapter {
    private final BmsResponder responder;
    private final BmsBackend backend;
    private final FrameAccumulator accumulator;

    Board(BmsResponder responder, BmsBackend backend) {
      this.responder = responder;
      this.backend = backend;
      this.accumulator = new FrameAccumulator(responder.requestSpec());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      byte[] chunk = new byte[buf.readableBytes()];
      try {
        buf.readBytes(chunk);
      } finally {
        buf.release();
      }
      boolean wrote = false;
      for (byte[] request : accumulator.feed(chunk)) {
        for (byte[] reply : responder.answer(request, backend.snapshot(), this::mosfet)) {
          ctx.write(Unpooled.wrappedBuffer(reply));
          wrote = true;
        }
      }
      if (wrote) {
        ctx.flush();
      }
    }

    private void mosfet(@Nullable Boolean charge, @Nullable Boolean discharge) {
      BmsSnapshot now = backend.snapshot();
      backend.setFets(
          charge == null ? now.chargeFet() : charge,
          discharge == null ? now.dischargeFet() : discharge);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close(); // a reset by the peer; the client reconnects if it wants to
    }
  }

  private static final class Hung extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ReferenceCountUtil.release(msg);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close();
    }
  }
}
