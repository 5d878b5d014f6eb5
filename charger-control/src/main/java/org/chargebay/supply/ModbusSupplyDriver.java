package org.chargebay.supply;

import com.digitalpetri.modbus.ExceptionCode;
import com.digitalpetri.modbus.client.ModbusClient;
import com.digitalpetri.modbus.exceptions.ModbusExecutionException;
import com.digitalpetri.modbus.exceptions.ModbusResponseException;
import com.digitalpetri.modbus.exceptions.ModbusTimeoutException;
import com.digitalpetri.modbus.pdu.ReadHoldingRegistersRequest;
import com.digitalpetri.modbus.pdu.WriteMultipleRegistersRequest;
import com.digitalpetri.modbus.pdu.WriteSingleRegisterRequest;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The one generic Modbus supply driver: every model is a {@link RegisterMap}. Synchronous and
 * not thread-safe by design: one request in flight per port, serialised by the caller's thread
 * (digitalpetri 2.1.0 mismatches concurrent RTU responses).
 *
 * <p>Reads are never retried here (the next poll is the retry); writes are never retried at
 * all: every write is followed by a read-back, and a disagreement is reported.
 */
public final class ModbusSupplyDriver implements SupplyDriver {
  private final ModbusClient client;
  private final int unitId;
  private final RegisterMap map;

  public ModbusSupplyDriver(ModbusClient client, int unitId, RegisterMap map) {
    this.client = client;
    this.unitId = unitId;
    this.map = map;
  }

  /**
   * Connects and identifies the model from its id register.
   *
   * @param modelOverride a model name that must match what the unit reports, or null for auto
   */
  public static ModbusSupplyDriver detect(
      ModbusClient client, int unitId, @Nullable String modelOverride) throws SupplyException {
    int id = readRaw(client, unitId, 0, 1, "model id")[0];
    Optional<RegisterMap> detected = Rd60xxModels.byModelId(id);
    if (modelOverride != null && !modelOverride.isBlank() && !"auto".equalsIgnoreCase(modelOverride)) {
      RegisterMap wanted =
          Rd60xxModels.byName(modelOverride)
              .orElseThrow(
                  () ->
                      new SupplyException.Fatal(
                          "unknown supply model '" + modelOverride + "'; known: "
                              + Rd60xxModels.ALL.stream().map(RegisterMap::model).toList()));
      if (!wanted.matches(id)) {
        throw new SupplyException.Fatal(
            "configured model "
                + wanted.model()
                + " but the unit reports model id "
                + id
                + detected.map(m -> " (" + m.model() + ")").orElse(" (unknown)")
                + ": refusing to guess the scaling");
      }
      return new ModbusSupplyDriver(client, unitId, wanted);
    }
    RegisterMap map =
        detected.orElseThrow(
            () ->
                new SupplyException.Fatal(
                    "unsupported supply: model id " + id + " at unit " + unitId
                        + " matches no known model"));
    return new ModbusSupplyDriver(client, unitId, map);
  }

  public RegisterMap registerMap() {
    return map;
  }

  @Override
  public SupplyCapabilities capabilities() {
    return map.capabilities();
  }

  @Override
  public SupplyReading read() throws SupplyException {
    int[] block = readRaw(client, unitId, map.readBlockStart(), map.readBlockLength(), "poll block");
    return decode(block);
  }

  private SupplyReading decode(int[] block) throws SupplyException {
    int id = value(block, map.modelId());
    if (!map.matches(id)) {
      throw new SupplyException.Fatal(
          "the unit now reports model id " + id + ", not " + map.model()
              + ": another device on this address?");
    }
    return new SupplyReading(
        map.model(),
        (int) map.setVoltage().toMilli(value(block, map.setVoltage())),
        (int) map.setCurrent().toMilli(value(block, map.setCurrent())),
        (int) map.outVoltage().toMilli(value(block, map.outVoltage())),
        (int) map.outCurrent().toMilli(value(block, map.outCurrent())),
        map.outPower().toMilli(value32(block, map.outPower())),
        (int) map.inputVoltage().toMilli(value(block, map.inputVoltage())),
        value(block, map.output()) == 1,
        value(block, map.constantCurrent()) == 1,
        value(block, map.protection()));
  }

  @Override
  public void apply(SupplySetpoint setpoint) throws SupplyException {
    SupplyCapabilities caps = map.capabilities();
    if (setpoint.millivolts() > caps.maxMillivolts() || setpoint.milliamps() > caps.maxMilliamps()) {
      throw new SupplyException.Fatal(
          "setpoint "
              + setpoint.millivolts()
              + " mV / "
              + setpoint.milliamps()
              + " mA exceeds what a "
              + map.model()
              + " can do ("
              + caps.maxMillivolts()
              + " mV / "
              + caps.maxMilliamps()
              + " mA)");
    }
    int v = (int) map.setVoltage().fromMilli(setpoint.millivolts());
    int a = (int) map.setCurrent().fromMilli(setpoint.milliamps());
    if (map.setCurrent().address() == map.setVoltage().address() + 1) {
      writeMultiple(map.setVoltage().address(), new int[] {v, a}, "voltage and current setpoint");
    } else {
      writeSingle(map.setVoltage().address(), v, "voltage setpoint");
      writeSingle(map.setCurrent().address(), a, "current setpoint");
    }
    writeSingle(map.output().address(), setpoint.outputOn() ? 1 : 0, "output enable");
    int[] back = readRaw(client, unitId, map.readBlockStart(), map.readBlockLength(), "read-back");
    int backV = value(back, map.setVoltage());
    int backA = value(back, map.setCurrent());
    int backOut = value(back, map.output());
    if (backV != v || backA != a || backOut != (setpoint.outputOn() ? 1 : 0)) {
      throw new SupplyException.Fatal(
          "read-back disagrees with what was written: wrote V="
              + v
              + " I="
              + a
              + " out="
              + (setpoint.outputOn() ? 1 : 0)
              + ", read V="
              + backV
              + " I="
              + backA
              + " out="
              + backOut
              + " (raw register values)");
    }
  }

  @Override
  public void outputOff() throws SupplyException {
    writeSingle(map.output().address(), 0, "output off");
    int[] back = readRaw(client, unitId, map.readBlockStart(), map.readBlockLength(), "read-back");
    if (value(back, map.output()) != 0) {
      throw new SupplyException.Fatal("output still reports on after it was switched off");
    }
  }

  @Override
  public void setProtection(int ovpMillivolts, int ocpMilliamps) throws SupplyException {
    int ovp = (int) map.ovp().fromMilli(ovpMillivolts);
    int ocp = (int) map.ocp().fromMilli(ocpMilliamps);
    if (map.ocp().address() == map.ovp().address() + 1) {
      writeMultiple(map.ovp().address(), new int[] {ovp, ocp}, "OVP/OCP");
    } else {
      writeSingle(map.ovp().address(), ovp, "OVP");
      writeSingle(map.ocp().address(), ocp, "OCP");
    }
    int[] back = readRaw(client, unitId, map.ovp().address(), 2, "OVP/OCP read-back");
    if (back[0] != ovp || back[1] != ocp) {
      throw new SupplyException.Fatal(
          "protection read-back disagrees: wrote OVP="
              + ovp
              + " OCP="
              + ocp
              + ", read OVP="
              + back[0]
              + " OCP="
              + back[1]);
    }
  }

  /** A 16-bit value out of the poll block (indexed from the block's start). */
  private int value(int[] block, Register r) {
    return block[r.address() - map.readBlockStart()];
  }

  private long value32(int[] block, Register r) {
    int first = block[r.address() - map.readBlockStart()];
    int second = block[r.address() - map.readBlockStart() + 1];
    return r.wordOrder() == Register.WordOrder.HIGH_FIRST
        ? ((long) first << 16) | second
        : ((long) second << 16) | first;
  }

  private static int[] readRaw(ModbusClient client, int unitId, int address, int count, String what)
      throws SupplyException {
    byte[] bytes =
        exchange(
            client,
            unitId,
            "reading " + what,
            false,
            () ->
                client
                    .readHoldingRegisters(unitId, new ReadHoldingRegistersRequest(address, count))
                    .registers());
    if (bytes.length != count * 2) {
      throw new SupplyException.Retriable(
          "short answer reading " + what + ": " + bytes.length + " bytes for " + count
              + " registers",
          null);
    }
    int[] out = new int[count];
    for (int i = 0; i < count; i++) {
      out[i] = ((bytes[2 * i] & 0xFF) << 8) | (bytes[2 * i + 1] & 0xFF);
    }
    return out;
  }

  private void writeSingle(int address, int value, String what) throws SupplyException {
    exchange(
        client,
        unitId,
        "writing " + what,
        true,
        () -> client.writeSingleRegister(unitId, new WriteSingleRegisterRequest(address, value)));
  }

  private void writeMultiple(int address, int[] values, String what) throws SupplyException {
    byte[] bytes = new byte[values.length * 2];
    for (int i = 0; i < values.length; i++) {
      bytes[2 * i] = (byte) (values[i] >>> 8);
      bytes[2 * i + 1] = (byte) values[i];
    }
    exchange(
        client,
        unitId,
        "writing " + what,
        true,
        () ->
            client.writeMultipleRegisters(
                unitId, new WriteMultipleRegistersRequest(address, values.length, bytes)));
  }

  /** One Modbus request. */
  @FunctionalInterface
  private interface ModbusCall<T> {
    T call() throws ModbusExecutionException, ModbusResponseException, ModbusTimeoutException;
  }

  /**
   * Runs one request and classifies its failure: a timeout or a link failure is retriable (for a
   * write the caller reads back before deciding anything), an exception response is fatal.
   */
  private static <T> T exchange(
      ModbusClient client, int unitId, String doing, boolean write, ModbusCall<T> call)
      throws SupplyException {
    try {
      connectIfNeeded(client);
      return call.call();
    } catch (ModbusTimeoutException e) {
      throw new SupplyException.Retriable(
          "no answer "
              + doing
              + (write ? " (timeout; the write may or may not have landed)" : " (timeout)"),
          e);
    } catch (ModbusResponseException e) {
      throw new SupplyException.Fatal("unit " + unitId + " refused " + doing + ": " + describe(e), e);
    } catch (ModbusExecutionException e) {
      throw new SupplyException.Retriable("link failure " + doing + ": " + cause(e), e);
    }
  }

  private static void connectIfNeeded(ModbusClient client) throws ModbusExecutionException {
    if (!client.isConnected()) {
      client.connect();
    }
  }

  private static String describe(ModbusResponseException e) {
    return "Modbus exception "
        + e.getExceptionCode()
        + ExceptionCode.from(e.getExceptionCode()).map(c -> " (" + c + ")").orElse("");
  }

  private static String cause(Throwable e) {
    Throwable c = e;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }

  @Override
  public void close() {
    try {
      client.disconnect();
    } catch (ModbusExecutionException e) {
      // nothing left to release
    }
  }
}
