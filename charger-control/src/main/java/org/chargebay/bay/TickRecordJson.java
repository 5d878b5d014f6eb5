package org.chargebay.bay;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.chargebay.bms.BmsAlarm;
import org.chargebay.bms.BmsSnapshot;
import org.jspecify.annotations.Nullable;

/**
 * The JSON form of a {@link TickRecord} in the {@code samples} table (one document per tick) and of
 * {@link BaySettings} for {@code replay --set}. Calls are stored in their flat form ({@link
 * IoCallWire}). Durations and instants are ISO-8601 strings ({@code PT0.2S}, nanosecond precision).
 */
public final class TickRecordJson {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .registerModule(new Jdk8Module())
          .registerModule(snapshotCore())
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .addMixIn(TickRecord.Boot.class, BootForm.class);

  private TickRecordJson() {}

  /**
   * A boot's cycle revision 0 is left out, so that a tick recorded before the field existed is
   * written again byte for byte.
   */
  abstract static class BootForm {
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    abstract int cycleRevision();
  }

  /**
   * The BMS snapshot as the controller reads it: the 13 family-independent components and the named
   * alarms (the supervisor cuts on some; left out when there are none, so that a tick recorded
   * before they were kept is written again byte for byte). Family extras and raw frames decide
   * nothing in the runtime, so a sample does not keep them (and a replay does not need them).
   */
  record SnapshotCore(
      List<Integer> cellMillivolts,
      int packMillivolts,
      int currentMilliamps,
      @Nullable Integer socPercent,
      List<Integer> tempDeciCelsius,
      boolean chargeFet,
      boolean dischargeFet,
      long balanceBits,
      int protectionBits,
      int cycles,
      int remainingMilliampHours,
      int nominalMilliampHours,
      int cellCount,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) @Nullable Set<BmsAlarm> alarms) {

    static SnapshotCore of(BmsSnapshot s) {
      return new SnapshotCore(
          s.cellMillivolts(),
          s.packMillivolts(),
          s.currentMilliamps(),
          s.socPercent(),
          s.tempDeciCelsius(),
          s.chargeFet(),
          s.dischargeFet(),
          s.balanceBits(),
          s.protectionBits(),
          s.cycles(),
          s.remainingMilliampHours(),
          s.nominalMilliampHours(),
          s.cellCount(),
          s.alarms());
    }

    BmsSnapshot toSnapshot() {
      BmsSnapshot core =
          new BmsSnapshot(
              cellMillivolts,
              packMillivolts,
              currentMilliamps,
              socPercent,
              tempDeciCelsius,
              chargeFet,
              dischargeFet,
              balanceBits,
              protectionBits,
              cycles,
              remainingMilliampHours,
              nominalMilliampHours,
              cellCount);
      Set<BmsAlarm> named = alarms;
      return named == null || named.isEmpty() ? core : core.withAlarms(named);
    }
  }

  private static SimpleModule snapshotCore() {
    SimpleModule m = new SimpleModule("bms-snapshot-core");
    m.addSerializer(
        IoCall.class,
        new com.fasterxml.jackson.databind.JsonSerializer<IoCall>() {
          @Override
          public void serialize(
              IoCall value,
              com.fasterxml.jackson.core.JsonGenerator gen,
              com.fasterxml.jackson.databind.SerializerProvider provider)
              throws java.io.IOException {
            provider.defaultSerializeValue(IoCallWire.of(value), gen);
          }
        });
    m.addDeserializer(
        IoCall.class,
        new com.fasterxml.jackson.databind.JsonDeserializer<IoCall>() {
          @Override
          public IoCall deserialize(
              com.fasterxml.jackson.core.JsonParser p,
              com.fasterxml.jackson.databind.DeserializationContext ctxt)
              throws java.io.IOException {
            IoCallWire wire = ctxt.readValue(p, IoCallWire.class);
            try {
              return wire.toCall();
            } catch (IllegalArgumentException e) {
              throw com.fasterxml.jackson.databind.exc.InvalidFormatException.from(
                  p, e.getMessage(), wire, IoCall.class);
            }
          }
        });
    m.addSerializer(
        BmsSnapshot.class,
        new com.fasterxml.jackson.databind.JsonSerializer<BmsSnapshot>() {
          @Override
          public void serialize(
              BmsSnapshot value,
              com.fasterxml.jackson.core.JsonGenerator gen,
              com.fasterxml.jackson.databind.SerializerProvider provider)
              throws java.io.IOException {
            provider.defaultSerializeValue(SnapshotCore.of(value), gen);
          }
        });
    m.addDeserializer(
        BmsSnapshot.class,
        new com.fasterxml.jackson.databind.JsonDeserializer<BmsSnapshot>() {
          @Override
          public BmsSnapshot deserialize(
              com.fasterxml.jackson.core.JsonParser p,
              com.fasterxml.jackson.databind.DeserializationContext ctxt)
              throws java.io.IOException {
            return ctxt.readValue(p, SnapshotCore.class).toSnapshot();
          }
        });
    return m;
  }

  public static String write(TickRecord tick) {
    try {
      return JSON.writeValueAsString(tick);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "cannot write tick " + tick.tick() + " of bay " + tick.bayId(), e);
    }
  }

  /**
   * @throws IllegalArgumentException if the document is not a tick record
   */
  public static TickRecord read(String json) {
    try {
      return JSON.readValue(json, TickRecord.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a tick record: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * The settings with {@code key} (a dotted path such as {@code limits.cellMarginMillivolts}) set
   * to {@code value}.
   *
   * @throws IllegalArgumentException if the key names no setting or the value does not fit
   */
  public static BaySettings withSetting(BaySettings settings, String key, String value) {
    ObjectNode root = JSON.valueToTree(settings);
    String[] path = key.split("\\.");
    JsonNode node = root;
    for (int i = 0; i < path.length - 1; i++) {
      node = node.get(path[i]);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException(
            "unknown setting '" + key + "'; known: " + keys(root, ""));
      }
    }
    ObjectNode parent = (ObjectNode) node;
    String leaf = path[path.length - 1];
    JsonNode old = parent.get(leaf);
    if (old == null || old.isContainerNode()) {
      throw new IllegalArgumentException("unknown setting '" + key + "'; known: " + keys(root, ""));
    }
    if (old.isIntegralNumber()) {
      try {
        parent.put(leaf, Long.parseLong(value));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "setting '" + key + "' takes an integer, not '" + value + "'");
      }
    } else if (old.isBoolean()) {
      if (!value.equals("true") && !value.equals("false")) {
        throw new IllegalArgumentException(
            "setting '" + key + "' takes true or false, not '" + value + "'");
      }
      parent.put(leaf, Boolean.parseBoolean(value));
    } else {
      parent.put(leaf, value);
    }
    try {
      return JSON.treeToValue(root, BaySettings.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw new IllegalArgumentException(
          "setting '" + key + "' = '" + value + "' is not valid: " + why, e);
    }
  }

  private static List<String> keys(JsonNode node, String prefix) {
    List<String> keys = new ArrayList<>();
    node.fields()
        .forEachRemaining(
            f -> {
              if (f.getValue().isObject()) {
                keys.addAll(keys(f.getValue(), prefix + f.getKey() + "."));
              } else {
                keys.add(prefix + f.getKey());
              }
            });
    return keys;
  }
}
