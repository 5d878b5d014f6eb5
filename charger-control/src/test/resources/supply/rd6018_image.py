# An RD6018 register image served by pymodbus (an independent Modbus stack), for chargebay's
# interop tests. Registers after Baldanos/rd6006 registers.md: 0 model id 60181, 3 firmware,
# 4/5 temperature sign/value, 8 V_SET (x100), 9 I_SET (x100), 10 V_OUT, 11 I_OUT, 12-13 P_OUT,
# 14 V_IN, 16 protection, 17 CV/CC, 18 output, 82/83 M0 OVP/OCP. A static image: writes are
# stored and read back, nothing regulates.
#
# usage: /usr/bin/python3 rd6018_image.py tcp <port>       Modbus TCP (MBAP)
#        /usr/bin/python3 rd6018_image.py rtu-tcp <port>   RTU frames over TCP; the tests put a
#                                                         socat pty in front of it, so the driver
#                                                         speaks RTU on a serial device
#        /usr/bin/python3 rd6018_image.py rtu <serial path> needs pyserial and serial_asyncio
import sys
import types
import logging

# pymodbus 3.0.0 imports pyserial and serial_asyncio at module level even for its TCP server;
# Debian ships them as python3-pymodbus "Recommends", which `--no-install-recommends` leaves out.
# The TCP modes do not use them, so stand-ins are enough there.
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
from pymodbus.server import StartSerialServer, StartTcpServer
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

mode = sys.argv[1]
if mode == "tcp":
    StartTcpServer(context=context, address=("127.0.0.1", int(sys.argv[2])))
elif mode == "rtu-tcp":
    StartTcpServer(context=context, address=("127.0.0.1", int(sys.argv[2])), framer=ModbusRtuFramer)
elif mode == "rtu":
    StartSerialServer(context=context, framer=ModbusRtuFramer, port=sys.argv[2], baudrate=115200,
                      timeout=0.05)
else:
    sys.exit("usage: rd6018_image.py tcp <port> | rtu-tcp <port> | rtu <serial path>")
