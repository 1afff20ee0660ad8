/* hook_events.c - what BigCommerce accepts in a webhook: the official event list and the destination rule. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bc.h"

/*
 * Every event of the official spec (../shared/bigcommerce-specs/webhooks.v3.yml,
 * the "title: store/..." schemas), in its order, wildcards included, plus the
 * delivery-exception hook the events catalogue documents (BIGCOMMERCE.md §1).
 * Written by hand: update it when the spec gains an event.
 */
static const char *const events[] = {
	"store/app/uninstalled",
	"store/cart/*",
	"store/cart/created",
	"store/cart/updated",
	"store/cart/deleted",
	"store/cart/couponApplied",
	"store/cart/abandoned",
	"store/cart/converted",
	"store/cart/lineItem/*",
	"store/cart/lineItem/created",
	"store/cart/lineItem/updated",
	"store/cart/lineItem/deleted",
	"store/category/*",
	"store/category/created",
	"store/category/updated",
	"store/category/deleted",
	"store/channel/*",
	"store/channel/created",
	"store/channel/updated",
	"store/customer/*",
	"store/customer/created",
	"store/customer/updated",
	"store/customer/deleted",
	"store/customer/address/created",
	"store/customer/address/updated",
	"store/customer/address/deleted",
	"store/customer/payment/instrument/default/updated",
	"store/hook/deliveryException",
	"store/information/updated",
	"store/order/*",
	"store/order/created",
	"store/order/updated",
	"store/order/archived",
	"store/order/statusUpdated",
	"store/order/message/created",
	"store/order/refund/created",
	"store/product/*",
	"store/product/created",
	"store/product/updated",
	"store/product/deleted",
	"store/product/inventory/updated",
	"store/product/inventory/order/updated",
	"store/shipment/*",
	"store/shipment/created",
	"store/shipment/updated",
	"store/shipment/deleted",
	"store/sku/*",
	"store/sku/created",
	"store/sku/updated",
	"store/sku/deleted",
	"store/sku/inventory/updated",
	"store/sku/inventory/order/updated",
	"store/subscriber/*",
	"store/subscriber/created",
	"store/subscriber/updated",
	"store/subscriber/deleted",
};

#define NEVENTS (sizeof events / sizeof events[0])
/* BigCommerce does not document a limit; this keeps a pasted page out. */
#define DESTINATION_MAX 2048

const char *const *sk_hook_scopes(size_t *n)
{
	if (n != NULL)
		*n = NEVENTS;
	return events;
}

bool sk_hook_scope_known(const char *scope)
{
	if (scope == NULL)
		return false;
	for (size_t i = 0; i < NEVENTS; i++)
		if (strcmp(events[i], scope) == 0)
			return true;
	return false;
}

/* The URL itself is never quoted back: a query string can hold a key. */
enum sk_status sk_hook_check_destination(const char *url, struct sk_error *err)
{
	const char *host, *end, *p;
	size_t hostlen;

	if (url == NULL || url[0] == '\0')
		return sk_error_set(err, SK_ERR_INVALID, "the destination is empty; give an https:// URL on port 443");
	if (strlen(url) > DESTINATION_MAX)
		return sk_error_set(err, SK_ERR_INVALID, "the destination is longer than %d characters",
				    DESTINATION_MAX);
	for (p = url; *p != '\0'; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return sk_error_set(err, SK_ERR_INVALID,
					    "the destination contains a space or a control character; encode it "
					    "(%%20) or remove it");
	if (strncasecmp(url, "https://", 8) != 0)
		return sk_error_set(err, SK_ERR_INVALID,
				    "the destination must start with https://: BigCommerce sends webhooks only over "
				    "https on port 443");
	host = url + 8;
	end = host + strcspn(host, "/?#");
	if (memchr(host, '@', (size_t)(end - host)) != NULL)
		return sk_error_set(err, SK_ERR_INVALID,
				    "the destination holds a user name or password before \"@\"; put credentials in a "
				    "custom header instead (header values are kept secret)");
	if (*host == '[') {
		const char *close = memchr(host, ']', (size_t)(end - host));

		if (close == NULL || close == host + 1)
			return sk_error_set(err, SK_ERR_INVALID, "the destination's IPv6 address lacks its closing \"]\"");
		p = close + 1;
	} else {
		p = memchr(host, ':', (size_t)(end - host));
		if (p == NULL)
			p = end;
	}
	hostlen = (size_t)(p - host);
	if (hostlen == 0)
		return sk_error_set(err, SK_ERR_INVALID, "the destination has no host name after https://");
	if (p < end) {
		char port[8];
		size_t n = (size_t)(end - p - 1);

		if (*p != ':')
			return sk_error_set(err, SK_ERR_INVALID, "the destination's host name is malformed");
		if (n == 0 || n >= sizeof port || strspn(p + 1, "0123456789") < n)
			return sk_error_set(err, SK_ERR_INVALID,
					    "the destination's port is not a number; leave it out (https uses 443)");
		memcpy(port, p + 1, n);
		port[n] = '\0';
		if (atoi(port) != 443)
			return sk_error_set(err, SK_ERR_INVALID,
					    "the destination uses port %d; BigCommerce sends webhooks only to https on "
					    "port 443 (custom ports are not supported)",
					    atoi(port));
	}
	return SK_OK;
}
