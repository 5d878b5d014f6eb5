package org.chargebay.app;

import java.util.Locale;
import org.eclipse.microprofile.config.spi.Converter;

/**
 * {@code true} or {@code false} and nothing else. The default boolean conversion reads every other
 * word as false, so a typo in a switch ({@code auto-start=ture}) would silently mean off; here it
 * stops the start-up, naming the key.
 */
public final class StrictBoolean implements Converter<Boolean> {
  private static final long serialVersionUID = 1L;

  @Override
  public Boolean convert(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("true")) {
      return Boolean.TRUE;
    }
    if (v.equals("false")) {
      return Boolean.FALSE;
    }
    throw new IllegalArgumentException("expected true or false, got \"" + value + "\"");
  }
}
