# mk/http.mk - the BigCommerce API client and the webhook commands.
libstorekeys_a_SOURCES += src/bc.h \
	src/bc_http.c src/bc_http.h \
	src/bc_parse.c src/bc_parse.h \
	src/bc_api.c \
	src/cli_webhooks.c
