# mk/http.mk - the BigCommerce API client and the webhook commands.
libstorekeys_a_SOURCES += src/bc.h src/cli_webhooks.c
