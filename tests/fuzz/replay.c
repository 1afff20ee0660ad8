/* replay.c - a plain main() for the fuzz targets (R20): feeds every file of the
 * committed corpus to LLVMFuzzerTestOneInput, so `make check` (gcc, no
 * libFuzzer) replays the seeds and past crashers on every build; under the
 * ASan+UBSan build the replay is sanitized too.
 *
 * usage: replay_NAME [FILE|DIR]...   (default: $top_srcdir/tests/fuzz/corpus/NAME)
 * NAME comes from the program's own name (replay_NAME), or from -DSK_FUZZ_NAME.
 * Prints "N passed, 0 failed"; a crash or a failed invariant aborts. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>

#include "fuzz.h"

#ifdef SK_FUZZ_NAME
static const char *fuzz_name = SK_FUZZ_NAME;
#else
static const char *fuzz_name = "?";
#endif

static int ran;

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0;

	if (f == NULL) {
		fprintf(stderr, "replay: cannot open %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		size_t r;

		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			if (buf == NULL)
				abort();
		}
		r = fread(buf + len, 1, cap - len, f);
		len += r;
		if (r == 0)
			break;
	}
	fclose(f);
	/* an exact-size copy, so reading past the input is an ASan error here too */
	{
		uint8_t *exact = malloc(len ? len : 1);

		if (exact == NULL)
			abort();
		memcpy(exact, buf, len);
		free(buf);
		fprintf(stderr, "replay %s: %s (%zu bytes)\n", fuzz_name, path, len);
		LLVMFuzzerTestOneInput(exact, len);
		free(exact);
	}
	ran++;
	return 0;
}

static int run_path(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	int rc = 0;

	if (stat(path, &st) != 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return run_file(path);
	d = opendir(path);
	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL) {
		char sub[4096];

		if (e->d_name[0] == '.')
			continue;
		snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
		if (run_path(sub) != 0)
			rc = -1;
	}
	closedir(d);
	return rc;
}

int main(int argc, char **argv)
{
	int rc = 0;
#ifndef SK_FUZZ_NAME
	const char *base = strrchr(argv[0], '/');

	base = base ? base + 1 : argv[0];
	if (strncmp(base, "replay_", 7) == 0 && base[7] != '\0')
		fuzz_name = base + 7;
#endif

	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			if (run_path(argv[i]) != 0)
				rc = 1;
	} else {
		const char *top = getenv("top_srcdir");
		char dir[4096];

		snprintf(dir, sizeof dir, "%s/tests/fuzz/corpus/%s", top && top[0] ? top : ".", fuzz_name);
		if (run_path(dir) != 0)
			rc = 1;
	}
	if (ran == 0) {
		fprintf(stderr, "replay %s: no corpus files found\n", fuzz_name);
		rc = 1;
	}
	printf("R20 corpus replay %s: %d inputs\n", fuzz_name, ran);
	printf("%d passed, %d failed\n", rc ? 0 : 1, rc ? 1 : 0);
	return rc;
}
