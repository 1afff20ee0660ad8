#!/usr/bin/python3
# kr-unlock.py PASSWORD [COLLECTION] - unlock a gnome-keyring collection without a prompt (tests only).
# Uses gnome-keyring's internal test interface; needs Debian's python3-dbus.
import sys
import dbus

pw = sys.argv[1].encode()
coll = sys.argv[2] if len(sys.argv) > 2 else "/org/freedesktop/secrets/collection/login"
bus = dbus.SessionBus()
svc = bus.get_object("org.freedesktop.secrets", "/org/freedesktop/secrets")
_, session = dbus.Interface(svc, "org.freedesktop.Secret.Service").OpenSession("plain", dbus.String("", variant_level=1))
secret = dbus.Struct((session, dbus.ByteArray(b""), dbus.ByteArray(pw), "text/plain"), signature="oayays")
dbus.Interface(svc, "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface").UnlockWithMasterPassword(
    dbus.ObjectPath(coll), secret)
