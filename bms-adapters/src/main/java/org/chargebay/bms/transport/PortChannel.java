package org.chargebay.bms.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import org.chargebay.bms.BmsException;
import org.chargebay.bms.DecodeResult;
import org.chargebay.bms.Decoded;
import org.chargebay.bms.FrameError;
import org.chargebay.bms.Rejected;
import org.chargebay.bms.framing.FrameAccumulator;
import org.chargebay.bms.framing.FrameSpec;

/**
 * Request/response over one {@link ByteLink}, one request in flight at a time. Several clients
 * (several BMSes on one RS485 bus) may share a channel: each exchange holds the channel's lock from
 * the write until its reply is decoded or times out.
 *
 * <p>Every exchange starts clean: stale input is discarded and the accumulator reset, so a late
 * reply to a timed-out request is never taken for the next answer. Replies are cut by a {@link
 * FrameAccumulator} (resync after garbage) and decoded by the caller's function. A frame rejected
 * with {@link FrameError.UnexpectedRegister} (a reply to another command, or another BMS on the
 * bus) is skipped; any other rejection fails the exchange. {@link #readUntil} instead hands the
 * caller the bytes uncut. I/O errors reset the link, so the channel stays usable after any error.
 */
public final class PortChannel implements AutoCloseable {

  private final ByteLink link;
  private final ReentrantLock lock = new ReentrantLock();
  private final byte[] buffer = new byte[1024];

  public PortChannel(ByteLink link) {
    this.link = Objects.requireNonNull(link, "link");
  }

  /** The link's description. */
  public String describe() {
    return link.describe();
  }

  /** Sends {@code request} and returns the first reply {@code decoder} accepts. */
  public <T> T exchange(
      byte[] request,
      FrameSpec spec,
      Function<byte[], DecodeResult<T>> decoder,
      Duration timeout,
      String what)
      throws BmsException {
    List<T> one = exchangeMany(request, spec, decoder, got -> !got.isEmpty(), timeout, what);
    if (one.isEmpty()) {
      throw new BmsException(
          String.format(
              Locale.ROOT,
              "No %s reply from %s within %d ms",
              what,
              describe(),
              timeout.toMillis()));
    }
    return one.get(0);
  }

  /**
   * Sends {@code request} (or nothing if it is empty) and collects accepted replies until {@code
   * complete} says so or the timeout passes; returns what was collected (possibly empty, never
   * throws for a timeout).
   */
  public <T> List<T> exchangeMany(
      byte[] request,
      FrameSpec spec,
      Function<byte[], DecodeResult<T>> decoder,
      Predicate<List<T>> complete,
      Duration timeout,
      String what)
      throws BmsException {
    lock.lock();
    try {
      FrameAccumulator accumulator = new FrameAccumulator(spec);
      link.discardInput();
      if (request.length > 0) {
        link.write(request);
      }
      List<T> got = new ArrayList<>();
      Deque<byte[]> pending = new ArrayDeque<>();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        while (!pending.isEmpty()) {
          byte[] frame = pending.removeFirst();
          DecodeResult<T> result = decoder.apply(frame);
          if (result instanceof Decoded<T> decoded) {
            got.add(decoded.value());
            if (complete.test(got)) {
              return got;
            }
          } else {
            Rejected<T> rejected = (Rejected<T>) result;
            if (!(rejected.error() instanceof FrameError.UnexpectedRegister)) {
              throw new BmsException(
                  String.format(
                      Locale.ROOT,
                      "%s reply from %s rejected: %s Frame: %s",
                      what,
                      describe(),
                      rejected.error().describe(),
                      rejected.hex()));
            }
          }
        }
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (remaining < 1) {
          return got;
        }
        int n = link.read(buffer, (int) remaining);
        if (n < 0) {
          link.reset();
          throw new BmsException(describe() + " closed the connection while waiting for " + what);
        }
        if (n > 0) {
          pending.addAll(accumulator.feed(buffer, 0, n));
        }
      }
    } catch (IOException e) {
      link.reset();
      throw new BmsException("I/O error on " + describe() + " (" + what + "): " + e, e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The bytes {@link #readUntil} collected.
   *
   * @param bytes everything received after the request, in order
   * @param complete whether the caller's test accepted them (otherwise the timeout or the byte
   *     limit ended the read)
   * @param quietMillis how long nothing had arrived when the timeout ended the read (counted from
   *     the last byte, or from the request if nothing came); 0 if the read ended otherwise
   */
  public record Received(byte[] bytes, boolean complete, long quietMillis) {
    public Received {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }
  }

  /**
   * Sends {@code request} and collects the bytes that arrive, without cutting frames, until {@code
   * complete} accepts everything received so far, {@code maxBytes} have arrived, or the timeout
   * passes. For replies whose frames the caller finds over the whole stream (a Daly multi-frame
   * reply, where whether a frame was cut short shows only in the bytes after it). Never throws for
   * a timeout.
   *
   * @param maxBytes at least 1; bytes beyond it are not kept
   */
  public Received readUntil(
      byte[] request, Predicate<byte[]> complete, int maxBytes, Duration timeout, String what)
      throws BmsException {
    if (maxBytes < 1) {
      throw new IllegalArgumentException("maxBytes must be at least 1, was " + maxBytes);
    }
    lock.lock();
    try {
      link.discardInput();
      if (request.length > 0) {
        link.write(request);
      }
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      long lastArrival = System.nanoTime();
      long deadline = lastArrival + timeout.toNanos();
      while (true) {
        long now = System.nanoTime();
        long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - now);
        if (remaining < 1) {
          return new Received(
              got.toByteArray(), false, TimeUnit.NANOSECONDS.toMillis(now - lastArrival));
        }
        int n = link.read(buffer, (int) remaining);
        if (n < 0) {
          link.reset();
          throw new BmsException(describe() + " closed the connection while waiting for " + what);
        }
        if (n > 0) {
          lastArrival = System.nanoTime();
          got.write(buffer, 0, Math.min(n, maxBytes - got.size()));
          byte[] bytes = got.toByteArray();
          if (complete.test(bytes)) {
            return new Received(bytes, true, 0);
          }
          if (bytes.length >= maxBytes) {
            return new Received(bytes, false, 0);
          }
        }
      }
    } catch (IOException e) {
      link.reset();
      throw new BmsException("I/O error on " + describe() + " (" + what + "): " + e, e);
    } finally {
      lock.unlock();
    }
  }

  /** Writes without waiting for a reply (commands a board does not acknowledge). */
  public void send(byte[] request, String what) throws BmsException {
    lock.lock();
    try {
      link.discardInput();
      link.write(request);
    } catch (IOException e) {
      link.reset();
      throw new BmsException("I/O error on " + describe() + " (" + what + "): " + e, e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    link.close();
  }
}
