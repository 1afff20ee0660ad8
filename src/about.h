/* about.h - what `storekeys --version` reports: library versions and the keyring provider. */
#ifndef SK_ABOUT_H
#define SK_ABOUT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The core's libraries as "libcurl 7.88.1 (OpenSSL/3.0.15), cJSON 1.7.15,
 * libsecret 0.20.5, GLib 2.74.6": the versions running, and where they
 * differ, the ones built against.
 */
void sk_about_libraries(char *out, size_t size);

/*
 * Which program answers for the Secret Service on the session bus, e.g.
 * "gnome-keyring-daemon (pid 123)", or why none does ("no D-Bus session",
 * "not running; D-Bus can start it", ...). Never starts the service and
 * gives up after about a second.
 */
void sk_about_keyring(char *out, size_t size);

/*
 * After secrets were deleted: what the keyring running now may still keep,
 * as a sentence to show, or NULL when it deletes outright (gnome-keyring).
 * KeePassXC keeps deleted entries in its Recycle Bin with their history;
 * a provider storekeys cannot name may keep them too.
 */
const char *sk_about_deleted_note(void);

/*
 * Does the program that owns the bus name owner (NULL: the Secret Service's
 * name) delete items outright? True only when it is known to (gnome-keyring);
 * a provider that cannot be named may keep them, so the answer is false.
 */
bool sk_about_deletes_outright(const char *owner);

#endif
