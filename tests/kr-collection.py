#!/usr/bin/python3
# kr-collection.py PASSWORD LABEL - create a second gnome-keyring collection without a prompt and
# print its D-Bus path (tests only; gnome-keyring's internal test interface, Debian's python3-dbus).
import sys
import dbus

pw = sys.argv[1].encode()
label = sys.argv[2]
bus = dbus.SessionBus()
svc = bus.get_object("org.freedesktop.secrets", "/org/freedesktop/secrets")
_, session = dbus.Interface(svc, "org.freedesktop.Secret.Service").OpenSession("plain", dbus.String("", variant_level=1))
secret = dbus.Struct((session, dbus.ByteArray(b""), dbus.ByteArray(pw), "text/plain"), signature="oayays")
props = dbus.Dictionary({"org.freedesktop.Secret.Collection.Label": dbus.String(label, variant_level=1)}, signature="sv")
path = dbus.Interface(svc, "org.gnome.keyring.InternalUnsupportedGuiltRiddenInterface").CreateWithMasterPassword(
    props, secret)
print(path)
