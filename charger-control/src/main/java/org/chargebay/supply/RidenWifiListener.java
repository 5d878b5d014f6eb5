package org.chargebay.supply;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The listening socket that stock Riden WiFi modules dial in to (port 8080 on real units; "Server
 * IP" set on the supply). Several supplies may dial in to one listener; a bay takes the connection
 * from its supply's address ({@code peer}), or the first one if it names none. One listener per
 * bind address, shared by every bay that uses it.
 */
public final class RidenWifiListener implements AutoCloseable {
  private static final Map<String, RidenWifiListener> OPEN = new HashMap<>();

  private final String key;
  private final ServerSocket server;
  private final List<Socket> waiting = new ArrayList<>();
  private int users = 1;

  private RidenWifiListener(String key, ServerSocket server) {
    this.key = key;
    this.server = server;
    Thread t = new Thread(this::acceptLoop, "riden-wifi-listener-" + server.getLocalPort());
    t.setDaemon(true);
    t.start();
  }

  /** The listener on {@code host:port}, opened on first use. */
  public static RidenWifiListener listen(String host, int port) throws IOException {
    String key = host + ":" + port;
    synchronized (OPEN) {
      RidenWifiListener l = OPEN.get(key);
      if (l != null) {
        synchronized (l) {
          l.users++;
        }
        return l;
      }
      ServerSocket s = new ServerSocket();
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
      l = new RidenWifiListener(key, s);
      OPEN.put(key, l);
      return l;
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        s.setTcpNoDelay(true);
        synchronized (this) {
          waiting.add(s);
          notifyAll();
        }
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /**
   * Takes the newest connection from {@code peer} (any peer if null), waiting up to {@code wait}.
   *
   * @throws SupplyException.Retriable if no supply has dialled in yet
   */
  public Socket take(@Nullable String peer, Duration wait) throws SupplyException {
    long deadline = System.nanoTime() + wait.toNanos();
    synchronized (this) {
      while (true) {
        Socket found = null;
        for (Iterator<Socket> it = waiting.iterator(); it.hasNext(); ) {
          Socket s = it.next();
          if (s.isClosed()) {
            it.remove();
          } else if (peer == null || s.getInetAddress().getHostAddress().equals(peer)) {
            found = s;
          }
        }
        if (found != null) {
          waiting.remove(found);
          return found;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new SupplyException.Retriable(
              "no Riden WiFi module has dialled in to port "
                  + port()
                  + (peer == null ? "" : " from " + peer)
                  + " yet (set the supply's Server IP to this host)",
              null);
        }
        try {
          wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SupplyException.Retriable("interrupted waiting for a dial-in", e);
        }
      }
    }
  }

  @Override
  public void close() {
    synchronized (OPEN) {
      synchronized (this) {
        if (--users > 0) {
          return;
        }
        for (Socket s : waiting) {
          try {
            s.close();
          } catch (IOException e) {
            // already closed
          }
        }
        waiting.clear();
      }
      OPEN.remove(key);
      try {
        server.close();
      } catch (IOException e) {
        // already closed
      }
    }
  }
}
