/* about.c - what `storekeys --version` reports: library versions and the keyring provider. */
#include "config.h"

#include <cJSON.h>
#include <curl/curl.h>
#include <gio/gio.h>
#include <libsecret/secret.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "about.h"
#include "curl_dl.h"
#include "util.h"

/* A bug report needs what runs, not only what was built: print both when they differ. */
void sk_about_libraries(char *out, size_t size)
{
	const curl_version_info_data *cv;
	char curl[320], glib[64];
	struct sk_error err;

	/* The only part of --version that loads libcurl (curl_dl.h): its failure is worth seeing here. */
	if (!sk_curl_load(&err)) {
		snprintf(curl, sizeof curl, "built with libcurl %s, but %s", LIBCURL_VERSION, err.msg);
	} else {
		cv = curl_version_info(CURLVERSION_NOW);
		if (strcmp(cv->version, LIBCURL_VERSION) == 0)
			snprintf(curl, sizeof curl, "libcurl %s", cv->version);
		else
			snprintf(curl, sizeof curl, "libcurl %s (built with %s)", cv->version, LIBCURL_VERSION);
		if (cv->ssl_version) {
			size_t n = strlen(curl);

			snprintf(curl + n, sizeof curl - n, " %s", cv->ssl_version);
		}
	}
	snprintf(glib, sizeof glib, "GLib %u.%u.%u", glib_major_version, glib_minor_version, glib_micro_version);
	/* libsecret has no run-time version call: this is the version built against. */
	snprintf(out, size, "%s, cJSON %s, libsecret %d.%d.%d, %s", curl, cJSON_Version(), SECRET_MAJOR_VERSION,
		 SECRET_MINOR_VERSION, SECRET_MICRO_VERSION, glib);
}

/* The name libsecret talks to: SECRET_SERVICE_BUS_NAME (used by tests) or the standard one. */
static const char *service_name(void)
{
	const char *n = getenv("SECRET_SERVICE_BUS_NAME");

	return n && n[0] ? n : "org.freedesktop.secrets";
}

static GVariant *bus_call(GDBusConnection *bus, const char *method, GVariant *args, const char *type)
{
	return g_dbus_connection_call_sync(bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
					   method, args, G_VARIANT_TYPE(type), G_DBUS_CALL_FLAGS_NO_AUTO_START, 1000,
					   NULL, NULL);
}

static bool activatable(GDBusConnection *bus, const char *name)
{
	GVariant *r = bus_call(bus, "ListActivatableNames", NULL, "(as)");
	GVariantIter *it;
	const char *s;
	bool found = false;

	if (!r)
		return false;
	g_variant_get(r, "(as)", &it);
	while (!found && g_variant_iter_next(it, "&s", &s))
		found = strcmp(s, name) == 0;
	g_variant_iter_free(it);
	g_variant_unref(r);
	return found;
}

/* The program behind pid: the executable's name, or the kernel's (shorter) comm. */
static void program_of(unsigned pid, char *out, size_t size)
{
	char path[64], exe[256];
	ssize_t n;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%u/exe", pid);
	n = readlink(path, exe, sizeof exe - 1);
	if (n > 0) {
		const char *base;

		exe[n] = '\0';
		base = strrchr(exe, '/');
		snprintf(out, size, "%s", base ? base + 1 : exe);
		return;
	}
	snprintf(path, sizeof path, "/proc/%u/comm", pid);
	f = fopen(path, "r");
	if (f && fgets(exe, sizeof exe, f)) {
		exe[strcspn(exe, "\n")] = '\0';
		snprintf(out, size, "%s", exe);
	} else {
		snprintf(out, size, "an unknown program");
	}
	if (f)
		fclose(f);
}

/* The pid of the Secret Service's owner on bus, 0 when unseen; *running is false when nobody owns the name. */
static unsigned owner_pid(GDBusConnection *bus, const char *name, bool *running)
{
	GVariant *r = bus_call(bus, "GetNameOwner", g_variant_new("(s)", name), "(s)");
	const char *owner;
	unsigned pid = 0;

	*running = r != NULL;
	if (!r)
		return 0;
	g_variant_get(r, "(&s)", &owner);
	{
		GVariant *p = bus_call(bus, "GetConnectionUnixProcessID", g_variant_new("(s)", owner), "(u)");

		if (p) {
			g_variant_get(p, "(u)", &pid);
			g_variant_unref(p);
		}
	}
	g_variant_unref(r);
	return pid;
}

static GDBusConnection *session_bus(GError **gerr)
{
	/* Without the variable GLib would try X11 autolaunch: never spawn anything. */
	if (!getenv("DBUS_SESSION_BUS_ADDRESS") || !getenv("DBUS_SESSION_BUS_ADDRESS")[0])
		return NULL;
	return g_bus_get_sync(G_BUS_TYPE_SESSION, NULL, gerr);
}

void sk_about_keyring(char *out, size_t size)
{
	const char *name = service_name();
	GDBusConnection *bus;
	GError *gerr = NULL;
	unsigned pid;
	bool running;
	char prog[128];

	if (!getenv("DBUS_SESSION_BUS_ADDRESS") || !getenv("DBUS_SESSION_BUS_ADDRESS")[0]) {
		snprintf(out, size, "none (no D-Bus session: DBUS_SESSION_BUS_ADDRESS is not set)");
		return;
	}
	bus = session_bus(&gerr);
	if (!bus) {
		char msg[200];

		snprintf(out, size, "none (cannot reach the D-Bus session: %s)",
			 sk_sanitize(gerr ? gerr->message : "unknown error", msg, sizeof msg));
		g_clear_error(&gerr);
		return;
	}
	pid = owner_pid(bus, name, &running);
	if (!running) {
		snprintf(out, size, "%s", activatable(bus, name) ? "not running (D-Bus starts it on first use)"
								  : "none (no Secret Service on the session bus)");
		g_object_unref(bus);
		return;
	}
	g_object_unref(bus);
	if (pid == 0) {
		snprintf(out, size, "a Secret Service (its process is not visible)");
		return;
	}
	program_of(pid, prog, sizeof prog);
	snprintf(out, size, "%s (pid %u)", prog, pid);
}

/* The program that owns name (a well-known or a unique bus name) into prog, or "" when unseen. */
static void owner_program(const char *name, char *prog, size_t size)
{
	GDBusConnection *bus = session_bus(NULL);
	unsigned pid = 0;
	bool running = false;

	prog[0] = '\0';
	if (bus) {
		pid = owner_pid(bus, name, &running);
		g_object_unref(bus);
	}
	if (pid != 0)
		program_of(pid, prog, size);
}

/* gnome-keyring removes the item and rewrites its file: nothing is kept. */
static bool deletes_outright(const char *prog)
{
	return strcmp(prog, "gnome-keyring-daemon") == 0 || strcmp(prog, "gnome-keyring-d") == 0;
}

bool sk_about_deletes_outright(const char *owner)
{
	char prog[128];

	owner_program(owner && owner[0] ? owner : service_name(), prog, sizeof prog);
	return deletes_outright(prog);
}

const char *sk_about_deleted_note(void)
{
	char prog[128];

	owner_program(service_name(), prog, sizeof prog);
	if (deletes_outright(prog))
		return NULL;
	/*
	 * KeePassXC moves entries deleted over the Secret Service to the
	 * database's Recycle Bin when it has one, history included; the
	 * history keeps the value from before the overwrite, and recycled
	 * entries are out of the Secret Service's reach.
	 */
	if (strncmp(prog, "keepassxc", 9) == 0)
		return "KeePassXC keeps deleted entries in the database's Recycle Bin, with their history (which "
		       "holds the real secrets): empty the Recycle Bin in KeePassXC to erase them.";
	return "If your keyring keeps deleted items (a trash or recycle bin, or an entry history), empty it to "
	       "erase these secrets.";
}
