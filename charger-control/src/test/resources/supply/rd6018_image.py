# An RD6018 register image served by pymodbus (an independent Modbus stack), for chargebay's
# interop tests. Registers after Baldanos/rd6006 registers.md: 0 model id 60181, 3 firmware,
# 4/5 temperature sign/value, 8 V_SET (x100), 9 I_SET (x100), 10 V_OUT, 11 I_OUT, 12-13 P_OUT,
# 14 V_IN, 16 protection, 17 CV/CC, 18 output, 82/83 M0 OVP/OCP. A static image: writes are
# stored and read back, nothing regulates.
#
# usage: /usr/bin/python3 rd6018_image.py tcp <port>           Modbus TCP (MBAP) on 127.0.0.1
#        /usr/bin/python3 rd6018_image.py rtu <serial path>    pymodbus's own serial server, RTU
#                                                             framing, 115200 8N1 (the tests give
#                                                             it one end of a socat pty pair);
#                                                             prints "serving RTU on <path>" once
#                                                             the port is open
#
# Debian's pymodbus 3.0.0 serial server opens the port through pyserial-asyncio
# (`from serial_asyncio import create_serial_connection`, pymodbus/server/async_io.py), which
# needs pyserial: the Debian packages python3-serial-asyncio and python3-serial.
import asyncio
import sys
import types
import logging

# pymodbus 3.0.0 imports pyserial and serial_asyncio at module level even for its TCP server.
# Debian has serial_asyncio only as a python3-pymodbus "Recommends" (python3-serial-asyncio,
# which depends on python3-serial), so `--no-install-recommends` leaves both out; .ci/run installs
# them explicitly. The TCP mode does not use them, so stand-ins are enough there.
if sys.argv[1:2] != ["rtu"]:
    for name in ("serial", "serial_asyncio"):
        try:
            __import__(name)
        except ImportError:
            stub = types.ModuleType(name)
            stub.create_serial_connection = None
            stub.serialutil = types.SimpleNamespace(SerialException=OSError)
            sys.modules[name] = stub

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.server import StartAsyncSerialServer, StartTcpServer
from pymodbus.transaction import ModbusRtuFramer

logging.basicConfig(level=logging.WARNING)

regs = [0] * 120
regs[0] = 60181
regs[2] = 4242
regs[3] = 141
regs[5] = 27
regs[8] = 4100   # 41.00 V
regs[9] = 150    # 1.50 A
regs[10] = 3987  # 39.87 V
regs[11] = 0
regs[14] = 4800  # 48.00 V in
regs[80] = 4100
regs[81] = 150
regs[82] = 6200  # 62.00 V OVP
regs[83] = 1850  # 18.50 A OCP

block = ModbusSequentialDataBlock(0, regs)
slave = ModbusSlaveContext(hr=block, zero_mode=True)
context = ModbusServerContext(slaves={1: slave}, single=False)


async def serve_rtu(path):
    server = await StartAsyncSerialServer(context=context, framer=ModbusRtuFramer, port=path,
                                          baudrate=115200, timeout=0.05, defer_start=True)
    await server.start()  # opens the port (raises if pyserial cannot)
    if server.transport is None:
        sys.exit(f"pymodbus could not open {path}")
    print(f"serving RTU on {path}", flush=True)
    await server.serve_forever()


mode = sys.argv[1]
if mode == "tcp":
    StartTcpServer(context=context, address=("127.0.0.1", int(sys.argv[2])))
elif mode == "rtu":
    asyncio.run(serve_rtu(sys.argv[2]))
else:
    sys.exit("usage: rd6018_image.py tcp <port> | rtu <serial path>")
