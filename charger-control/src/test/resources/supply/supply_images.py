# Register images of chargebay's supply models served by pymodbus (an independent Modbus stack),
# for the interop tests. The tables below are written from the vendor and community register
# documentation (fixtures REGISTERS.md A1-A3, PRO-DEVICES.md section 1), not from chargebay's Java
# tables, so that a scaling mistake made there is not repeated here.
#
# usage: /usr/bin/python3 supply_images.py LINK WHERE MODEL[@RANGE] ...
#   LINK tcp      Modbus TCP (MBAP) on 127.0.0.1:WHERE
#        rtu-tcp  RTU frames (with CRC) over TCP on 127.0.0.1:WHERE, as a serial-to-Ethernet gateway
#        rtu      pymodbus's own serial server on the serial port WHERE, 115200 8N1
#   MODEL  one of MODELS below, or EA; the n-th model is Modbus unit n (EA: unit 0, alone, as the
#          device answers only unit 0 over Modbus TCP). RD6012P@6A / RD6012P@12A select its
#          current range (register 20).
# Prints "serving LINK on WHERE: unit=MODEL ..." once listening.
#
# Every image holds the same state in engineering units: set 24.00 V / 1.5 A, output 23.87 V /
# 1.25 A (off, CV), input 48.00 V, 27 degC inside (where reported), OVP 28.50 V, OCP 4.5 A.
# Registers are stored as written and read back; only the EA image carries a little device logic
# (coils 402/405 show in the device state 505-506), because its driver waits for the remote bit.
#
# Debian's pymodbus 3.0.0 serial server opens the port through pyserial-asyncio
# (python3-serial-asyncio, which needs python3-serial).
import asyncio
import struct
import sys
import types
import logging

# pymodbus 3.0.0 imports pyserial and serial_asyncio at module level even for its TCP server.
# Debian has serial_asyncio only as a python3-pymodbus "Recommends", so `--no-install-recommends`
# leaves it out; the test launcher installs it. The TCP links do not use it: stand-ins do there.
if sys.argv[1:2] != ["rtu"]:
    for name in ("serial", "serial_asyncio"):
        try:
            __import__(name)
        except ImportError:
            stub = types.ModuleType(name)
            stub.create_serial_connection = None
            stub.serialutil = types.SimpleNamespace(SerialException=OSError)
            sys.modules[name] = stub

from pymodbus.datastore import (ModbusSequentialDataBlock, ModbusServerContext,
                                ModbusSlaveContext, ModbusSparseDataBlock)
from pymodbus.server import StartAsyncSerialServer, StartAsyncTcpServer
from pymodbus.transaction import ModbusRtuFramer

logging.basicConfig(level=logging.CRITICAL)

# model: (family, model id, counts per volt, counts per amp, counts per watt)
MODELS = {
    # Riden RD60xx (REGISTERS.md A1, per-model scale table; ids from the register 0 row)
    "RD6006": ("riden", 60062, 100, 1000, 100),
    "RD6006P": ("riden", 60065, 1000, 10000, 1000),
    "RD6012": ("riden", 60121, 100, 100, 100),
    "RD6012P": ("riden", 60125, 1000, None, 1000),  # amps per range: 6 A x10000, 12 A x1000
    "RD6018": ("riden", 60181, 100, 100, 100),
    "RD6024": ("riden", 60241, 100, 100, 100),
    "RD6030": ("riden", 60301, 100, 100, 100),
    # RuiDeng DPS/DPH (REGISTERS.md A2: I x1000, but x100 on DPS5015/5020; DPH5005 reports 5205)
    "DPS3005": ("ruideng", 3005, 100, 1000, 100),
    "DPS5005": ("ruideng", 5005, 100, 1000, 100),
    "DPS5015": ("ruideng", 5015, 100, 100, 100),
    "DPS5020": ("ruideng", 5020, 100, 100, 100),
    "DPS8005": ("ruideng", 8005, 100, 1000, 100),
    "DPH5005": ("ruideng", 5205, 100, 1000, 100),
    # XY series (REGISTERS.md A3: I x100, x1000 on the XY-SK120; power x10). 0x6100 was read on
    # one XY6020L; no XY-SK120 id is public, so its value here is arbitrary.
    "XY6020L": ("xy", 0x6100, 100, 100, 10),
    "XY-SK120": ("xy", 0x1234, 100, 1000, 10),
}

SET_V, SET_A, OUT_V, OUT_A, IN_V, TEMP_C, OVP_V, OCP_A = 24.0, 1.5, 23.87, 1.25, 48.0, 27, 28.5, 4.5


def counts(value, per_unit):
    return int(round(value * per_unit))


def riden(model_id, v, a, w, rng):
    r = [0] * 100
    r[0] = model_id
    r[2] = 4242                     # serial number, low word
    r[3] = 141                      # firmware 1.41
    r[4], r[5] = 0, TEMP_C          # internal temperature, sign / value
    r[8], r[9] = counts(SET_V, v), counts(SET_A, a)
    r[10], r[11] = counts(OUT_V, v), counts(OUT_A, a)
    p = counts(OUT_V * OUT_A, w)
    r[12], r[13] = p >> 16, p & 0xFFFF  # P_OUT, u32 high word first
    r[14] = counts(IN_V, 100)       # V_IN is x100 on every model
    r[16], r[17], r[18] = 0, 0, 0   # protection none, CV, output off
    r[20] = rng
    r[80], r[81] = r[8], r[9]       # M0 = active V, I, OVP, OCP
    r[82], r[83] = counts(OVP_V, v), counts(OCP_A, a)
    return r


def ruideng(model_id, v, a, w):
    r = [0] * 0x60
    r[0x00], r[0x01] = counts(SET_V, v), counts(SET_A, a)
    r[0x02], r[0x03] = counts(OUT_V, v), counts(OUT_A, a)
    r[0x04] = counts(OUT_V * OUT_A, w)
    r[0x05] = counts(IN_V, 100)
    r[0x07], r[0x08], r[0x09] = 0, 0, 0  # protect none, CV, output off
    r[0x0B], r[0x0C] = model_id, 17
    r[0x50], r[0x51] = r[0x00], r[0x01]  # M0: U, I, S-OVP, S-OCP
    r[0x52], r[0x53] = counts(OVP_V, 100), counts(OCP_A, a)
    return r


def xy(model_id, v, a, w):
    r = [0] * 0x60
    r[0x00], r[0x01] = counts(SET_V, v), counts(SET_A, a)
    r[0x02], r[0x03] = counts(OUT_V, v), counts(OUT_A, a)
    r[0x04] = counts(OUT_V * OUT_A, w)
    r[0x05] = counts(IN_V, 100)
    r[0x0D] = TEMP_C * 10                # internal temperature x10
    r[0x10], r[0x11], r[0x12] = 0, 0, 0  # protect none, CV, output off
    r[0x16], r[0x17] = model_id, 0x71
    r[0x50], r[0x51] = r[0x00], r[0x01]  # M0: V, I, S-LVP, S-OVP, S-OCP
    r[0x53], r[0x54] = counts(OVP_V, 100), counts(OCP_A, a)
    return r


def register_map(spec):
    name, _, rng = spec.partition("@")
    family, model_id, v, a, w = MODELS[name]
    if name == "RD6012P":
        if rng not in ("6A", "12A"):
            sys.exit("RD6012P needs its range: RD6012P@6A or RD6012P@12A")
        a = 10000 if rng == "6A" else 1000
        return riden(model_id, v, a, w, 0 if rng == "6A" else 1)
    if rng:
        sys.exit(f"{name} has no current range")
    if family == "riden":
        return riden(model_id, v, a, w, 0)
    if family == "ruideng":
        return ruideng(model_id, v, a, w)
    return xy(model_id, v, a, w)


# EA PS 9000 (PRO-DEVICES.md section 1; EA Programming Guide ModBus & SCPI rev 24): set and actual
# values in percent of nominal (0xCCCC = 100 %), nominal U/I/P as float32 high word first at
# 121/123/125, device state u32 at 505-506 (bit 7 DC on, bit 11 remote), coils 402 remote, 405 DC
# output, 411 acknowledge alarms.
EA_TYPE, EA_U, EA_I, EA_P = "PS 9080-60 2U", 80.0, 60.0, 1500.0
PERCENT_100 = 0xCCCC


def percent(value, nominal):
    return int(round(PERCENT_100 * value / nominal))


def ea_registers():
    r = {0: 28}                             # device class
    text = EA_TYPE.encode("ascii").ljust(40, b"\0")
    for i in range(20):
        r[1 + i] = (text[2 * i] << 8) | text[2 * i + 1]
    for addr, nominal in ((121, EA_U), (123, EA_I), (125, EA_P)):
        hi, lo = struct.unpack(">HH", struct.pack(">f", nominal))
        r[addr], r[addr + 1] = hi, lo
    r[500], r[501], r[502] = percent(SET_V, EA_U), percent(SET_A, EA_I), PERCENT_100
    r[505], r[506] = 0, 0
    r[507], r[508] = percent(OUT_V, EA_U), percent(OUT_A, EA_I)
    r[509] = percent(OUT_V * OUT_A, EA_P)
    r[550], r[553] = percent(OVP_V, EA_U), percent(OCP_A, EA_I)
    return r


class EaSlave(ModbusSlaveContext):
    """Coils 402 (remote) and 405 (DC output) show in the device state 505-506."""

    BITS = {402: 1 << 11, 405: 1 << 7}

    def setValues(self, fc_as_hex, address, values):
        super().setValues(fc_as_hex, address, values)
        if fc_as_hex in (5, 15) and address in self.BITS:
            state = self.getValues(3, 506, 1)[0]
            state = state | self.BITS[address] if values[0] else state & ~self.BITS[address]
            super().setValues(6, 506, [state])


def slave(spec):
    if spec == "EA":
        return EaSlave(hr=ModbusSparseDataBlock(ea_registers()),
                       co=ModbusSparseDataBlock({402: 0, 405: 0, 411: 0}), zero_mode=True)
    return ModbusSlaveContext(hr=ModbusSequentialDataBlock(0, register_map(spec)), zero_mode=True)


async def main(link, where, specs):
    if "EA" in specs and len(specs) > 1:
        sys.exit("EA is unit 0 and is served alone")
    units = {0: slave("EA")} if specs == ["EA"] else {
        n + 1: slave(spec) for n, spec in enumerate(specs)}
    context = ModbusServerContext(slaves=units, single=False)
    if link == "rtu":
        server = await StartAsyncSerialServer(context=context, framer=ModbusRtuFramer, port=where,
                                              baudrate=115200, timeout=0.05, defer_start=True)
        await server.start()  # opens the port (raises if pyserial cannot)
        if server.transport is None:
            sys.exit(f"pymodbus could not open {where}")
    else:
        kwargs = {"framer": ModbusRtuFramer} if link == "rtu-tcp" else {}
        server = await StartAsyncTcpServer(context=context, address=("127.0.0.1", int(where)),
                                           defer_start=True, allow_reuse_address=True, **kwargs)
    print(f"serving {link} on {where}: " + " ".join(
        f"{unit}={spec}" for unit, spec in zip(units, specs)), flush=True)
    await server.serve_forever()


if len(sys.argv) < 4 or sys.argv[1] not in ("tcp", "rtu-tcp", "rtu"):
    sys.exit("usage: supply_images.py tcp|rtu-tcp|rtu PORT|PATH MODEL[@RANGE] ...")
for spec in sys.argv[3:]:
    if spec != "EA" and spec.partition("@")[0] not in MODELS:
        sys.exit(f"unknown model {spec}; known: EA {' '.join(MODELS)}")
asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
