package org.chargebay.supply.juntek;

import org.chargebay.supply.SupplyException;

/** One request line out, one reply in; one exchange at a time. */
public interface AsciiLink extends AutoCloseable {

  /**
   * Sends {@code frame} (terminated with "\n" here: "\r\n" caused delays on real units,
   * aloishockenschlohe spec) and returns the reply without its terminator.
   *
   * @throws SupplyException.Retriable on a timeout or a broken link
   */
  String exchange(String frame) throws SupplyException;

  @Override
  void close();
}
