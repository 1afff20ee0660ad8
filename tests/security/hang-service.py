#!/usr/bin/python3
# hang-service.py BUS_NAME READY_FILE - R3 test stub: owns BUS_NAME on the session
# bus and never answers a method call (no main loop runs), like a hung Secret
# Service. Writes READY_FILE once the name is owned. Needs Debian's python3-dbus.
import os
import sys
import time

import dbus

bus = dbus.SessionBus()
if bus.request_name(sys.argv[1], dbus.bus.NAME_FLAG_DO_NOT_QUEUE) != dbus.bus.REQUEST_NAME_REPLY_PRIMARY_OWNER:
    sys.exit("hang-service: could not own " + sys.argv[1])
with open(sys.argv[2] + ".tmp", "w") as f:
    f.write("%d\n" % os.getpid())
os.rename(sys.argv[2] + ".tmp", sys.argv[2])
while True:
    time.sleep(3600)
