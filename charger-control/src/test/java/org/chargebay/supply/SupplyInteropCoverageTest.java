package org.chargebay.supply;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every supply model we drive is named in an interop test against each third-party peer: mbpoll
 * over Modbus TCP, mbpoll over RTU, and pymodbus serving a register image to our driver. A test
 * names its model either in its method name (tokens between underscores, e.g. {@code
 * ..._the_ea_ps_9000_...}, {@code ..._xy_sk120_...}) or, for a parameterized test, as a {@code
 * ValueSource} string ({@code RD6012P@6A} names the RD6012P). The peer comes from the method name:
 * {@code mbpoll} with {@code tcp} or {@code rtu}, or {@code pymodbus}.
 */
@DisplayNameGeneration(DisplayNameGenerator.ReplaceUnderscores.class)
class SupplyInteropCoverageTest {
  enum Peer {
    MBPOLL_TCP,
    MBPOLL_RTU,
    PYMODBUS_DRIVER
  }

  private static final List<Class<?>> INTEROP_TESTS =
      List.of(MbpollInteropIT.class, PymodbusInteropIT.class);

  /** The register maps, then the two models with their own protocol around a Modbus map. */
  static List<String> models() {
    List<String> all = new ArrayList<>(SupplyModels.names());
    all.add("EA");
    all.add(RelaySwitchedCharger.MODEL);
    return all;
  }

  /**
   * A relay board only switches a fixed charger: there is no register image for a driver to read
   * and set, so it needs the mbpoll links only.
   */
  static Set<Peer> required(String model) {
    return model.equals(RelaySwitchedCharger.MODEL)
        ? EnumSet.of(Peer.MBPOLL_TCP, Peer.MBPOLL_RTU)
        : EnumSet.allOf(Peer.class);
  }

  private static List<String> tokens(String s) {
    return Arrays.asList(s.toLowerCase(Locale.ROOT).split("[-_@ ]"));
  }

  /** True if the tokens of {@code model} appear in a row among the method name's tokens. */
  static boolean names(String methodName, String model) {
    return java.util.Collections.indexOfSubList(tokens(methodName), tokens(model)) >= 0;
  }

  private static Set<Peer> peers(String methodName) {
    List<String> t = tokens(methodName);
    Set<Peer> out = EnumSet.noneOf(Peer.class);
    if (t.contains("mbpoll") && t.contains("tcp")) {
      out.add(Peer.MBPOLL_TCP);
    }
    if (t.contains("mbpoll") && t.contains("rtu")) {
      out.add(Peer.MBPOLL_RTU);
    }
    if (t.contains("pymodbus")) {
      out.add(Peer.PYMODBUS_DRIVER);
    }
    return out;
  }

  /** Model -> peer -> the tests that name it. */
  static Map<String, Map<Peer, List<String>>> coverage(List<Class<?>> classes) {
    Map<String, Map<Peer, List<String>>> out = new LinkedHashMap<>();
    for (String model : models()) {
      out.put(model, new LinkedHashMap<>());
    }
    for (Class<?> c : classes) {
      for (Method m : c.getDeclaredMethods()) {
        boolean test =
            m.isAnnotationPresent(Test.class) || m.isAnnotationPresent(ParameterizedTest.class);
        if (!test) {
          continue;
        }
        List<String> named = new ArrayList<>(List.of(m.getName()));
        ValueSource values = m.getAnnotation(ValueSource.class);
        if (values != null) {
          named.addAll(List.of(values.strings()));
        }
        for (String model : models()) {
          if (named.stream().anyMatch(n -> names(n, model))) {
            for (Peer p : peers(m.getName())) {
              out.get(model)
                  .computeIfAbsent(p, k -> new ArrayList<>())
                  .add(c.getSimpleName() + "." + m.getName());
            }
          }
        }
      }
    }
    return out;
  }

  @Test
  void every_supply_model_is_named_in_an_interop_test_against_each_third_party_peer() {
    Map<String, Map<Peer, List<String>>> coverage = coverage(INTEROP_TESTS);
    List<String> missing = new ArrayList<>();
    coverage.forEach(
        (model, byPeer) -> {
          for (Peer p : required(model)) {
            if (!byPeer.containsKey(p)) {
              missing.add(model + " has no " + p + " test");
            }
          }
        });
    assertThat(missing).as("coverage: %s", coverage).isEmpty();
    assertThat(coverage).hasSize(17);
  }

  @Test
  void a_model_named_nowhere_is_reported_missing() {
    Map<String, Map<Peer, List<String>>> none = coverage(List.of(getClass()));
    assertThat(none.get("RD6012P")).isEmpty();
    assertThat(names("mbpoll_reads_the_rd6012p_over_tcp", "RD6012")).isFalse();
    assertThat(names("RD6012P@6A", "RD6012P")).isTrue();
    assertThat(names("our_driver_reads_an_xy_sk120_image", "XY-SK120")).isTrue();
    assertThat(names("mbpoll_reads_the_ea_ps_9000", "EA")).isTrue();
    assertThat(names("mbpoll_reads_each_model", "EA")).isFalse();
  }
}
