# sidakerd: the job-seeker services backend of a Disnaker.  See README.md.
#
#   make run     deps, build, data directory, serve on 127.0.0.1:8080
#   make test    deps, build, unit + API tests, again under ASan+UBSan, spec checks
#   make bench   load scenarios against baselines (contrib/bench)
#   make install PREFIX=/usr DESTDIR=/tmp/pkg
#   V=1 shows the compiler command lines

PREFIX   ?= /usr/local
DESTDIR  ?=
BUILD    ?= build
CC       ?= cc
OPT      ?= -O2
SAN      ?=
V        ?= 0
Q        := $(if $(filter 1,$(V)),,@)

PKGS      := libevent libevent_pthreads sqlite3 libsodium jansson libqrencode xlsxwriter libcurl libjpeg libpng libqpdf libjwt
TEST_PKGS := cmocka
# Debian packages: what `make deps` installs when missing.
DEB_PKGS  := build-essential pkg-config libevent-dev libsqlite3-dev libsodium-dev libjansson-dev \
             libhpdf-dev libqrencode-dev libcsv-dev libxlsxwriter-dev libjpeg-dev libpng-dev libqpdf-dev libjwt-dev \
             libcmocka-dev libcurl4-openssl-dev python3 python3-yaml python3-jsonschema curl nodejs \
             poppler-utils zbar-tools python3-openpyxl fonts-dejavu-core clang libclang-rt-dev clang-format chromium
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

CFLAGS_ALL = -std=gnu11 -D_GNU_SOURCE -g $(OPT) $(SAN) -Wall -Wextra -Werror -Wshadow -Wformat=2 \
             -Wno-format-nonliteral -fno-strict-aliasing -Iinclude \
             $(shell pkg-config --cflags $(PKGS))
# libharu ships no pkg-config file.
LDLIBS_ALL = $(SAN) $(shell pkg-config --libs $(PKGS)) -lhpdf -lcsv -lpthread
TEST_CFLAGS = $(CFLAGS_ALL) $(shell pkg-config --cflags $(TEST_PKGS)) -Itests
TEST_LDLIBS = $(LDLIBS_ALL) $(shell pkg-config --libs $(TEST_PKGS))

DAEMON_SRC := $(filter-out daemon/main.c,$(wildcard daemon/*.c))
DAEMON_OBJ := $(DAEMON_SRC:daemon/%.c=$(BUILD)/daemon/%.o) $(BUILD)/gen/embedded.o
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(wildcard tests/unit/test_*.c))
API_TESTS  := $(patsubst tests/api/%.c,$(BUILD)/tests/%,$(wildcard tests/api/test_*.c))
API_HELPER := $(BUILD)/tests/api_client.o $(BUILD)/tests/wa_receiver.o $(BUILD)/tests/stub_http.o \
              $(BUILD)/tests/fcm_receiver.o
MIGRATIONS := $(wildcard sql/[0-9][0-9][0-9][0-9]_*.sql) sql/ref/wilayah.tsv $(wildcard contrib/dashboard/*) $(wildcard contrib/account/*) \
              $(wildcard contrib/portal/*) $(wildcard contrib/app/*) $(wildcard contrib/shared/*)

.PHONY: all deps build tests run test check install uninstall bench bench-province clean fuzz fuzz-build

all: deps
	@$(MAKE) --no-print-directory build

deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  echo "make deps: installing$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

build: $(BUILD)/sidakerd

tests: $(UNIT_TESTS) $(API_TESTS)

$(BUILD)/gen/embedded.c: sql/embed.sh $(MIGRATIONS)
	@mkdir -p $(@D)
	$(Q)sh sql/embed.sh > $@

$(BUILD)/gen/embedded.o: $(BUILD)/gen/embedded.c include/embedded.h $(MIGRATIONS)
	@echo '  CC   $@'
	$(Q)$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/daemon/%.o: daemon/%.c
	@mkdir -p $(@D)
	@echo '  CC   $<'
	$(Q)$(CC) $(CFLAGS_ALL) -MMD -MP -c $< -o $@

$(BUILD)/libsidakerd.a: $(DAEMON_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/sidakerd: $(BUILD)/daemon/main.o $(BUILD)/libsidakerd.a
	@echo '  LD   $@'
	$(Q)$(CC) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/tests/%.o: tests/unit/%.c
	@mkdir -p $(@D)
	@echo '  CC   $<'
	$(Q)$(CC) $(TEST_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/tests/%.o: tests/api/%.c
	@mkdir -p $(@D)
	@echo '  CC   $<'
	$(Q)$(CC) $(TEST_CFLAGS) -MMD -MP -c $< -o $@

$(UNIT_TESTS): $(BUILD)/tests/%: $(BUILD)/tests/%.o $(BUILD)/libsidakerd.a
	@echo '  LD   $@'
	$(Q)$(CC) -o $@ $^ $(TEST_LDLIBS)

$(API_TESTS): $(BUILD)/tests/%: $(BUILD)/tests/%.o $(API_HELPER) $(BUILD)/libsidakerd.a
	@echo '  LD   $@'
	$(Q)$(CC) -o $@ $^ $(TEST_LDLIBS)

-include $(wildcard $(BUILD)/daemon/*.d $(BUILD)/tests/*.d)

# ---- the two commands of the README ----

run: all
	@mkdir -p data
	@echo "sidakerd: serving on http://127.0.0.1:8080 (data in ./data, Ctrl-C to stop)"
	@echo "first admin: $$(grep -h '^admin_email' contrib/sidakerd.conf.example | cut -d= -f2 | tr -d ' ')," \
	      "password in data/initial-admin-password once the daemon has started"
	$(BUILD)/sidakerd -d data

test: deps
	@$(MAKE) --no-print-directory check

# Normal build and a sanitizer build, each with its own directory.
check:
	@$(MAKE) --no-print-directory build tests
	@$(MAKE) --no-print-directory BUILD=build/asan OPT=-O1 \
	  SAN="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" build tests
	@$(MAKE) --no-print-directory fuzz-build
	@sh tests/run.sh build build/asan

# ---- fuzzing: clang libFuzzer with ASan and UBSan (fuzz/README.md) ----

FUZZ_BUILD   := build/fuzz
FUZZ_CC      := clang
FUZZ_CFLAGS   = -std=gnu11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer \
                -fsanitize=fuzzer-no-link,address,undefined -Iinclude $(shell pkg-config --cflags $(PKGS))
FUZZ_TARGETS := $(patsubst fuzz/%.c,$(FUZZ_BUILD)/%,$(wildcard fuzz/fuzz_*.c))
FUZZ_OBJ     := $(DAEMON_SRC:daemon/%.c=$(FUZZ_BUILD)/daemon/%.o) $(FUZZ_BUILD)/gen/embedded.o
FUZZ_SECONDS ?= 60

$(FUZZ_BUILD)/daemon/%.o: daemon/%.c
	@mkdir -p $(@D)
	@echo '  CC   $< (fuzz)'
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

$(FUZZ_BUILD)/gen/embedded.o: $(BUILD)/gen/embedded.c include/embedded.h $(MIGRATIONS)
	@mkdir -p $(@D)
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -c $< -o $@

$(FUZZ_BUILD)/libsidakerd.a: $(FUZZ_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

$(FUZZ_BUILD)/fuzz_%: fuzz/fuzz_%.c $(FUZZ_BUILD)/libsidakerd.a
	@echo '  LD   $@'
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $^ $(shell pkg-config --libs $(PKGS)) -lhpdf -lcsv -lpthread

-include $(wildcard $(FUZZ_BUILD)/daemon/*.d)

fuzz-build: $(FUZZ_TARGETS)

# Each target for FUZZ_SECONDS (default 60) from its seed corpus in
# fuzz/corpus; make test runs each for a few seconds.
fuzz: deps
	@$(MAKE) --no-print-directory fuzz-build
	@sh fuzz/run.sh $(FUZZ_SECONDS)

# ---- install ----

install: all
	install -d $(DESTDIR)$(PREFIX)/sbin $(DESTDIR)$(PREFIX)/share/doc/sidakerd \
	  $(DESTDIR)$(PREFIX)/share/sidakerd
	install -m 0755 $(BUILD)/sidakerd $(DESTDIR)$(PREFIX)/sbin/sidakerd
	install -m 0644 contrib/sidakerd.conf.example contrib/sidakerd.service contrib/nginx.conf \
	  $(DESTDIR)$(PREFIX)/share/doc/sidakerd/
	install -m 0644 proto/openapi.yaml $(DESTDIR)$(PREFIX)/share/sidakerd/openapi.yaml

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/sbin/sidakerd
	rm -rf $(DESTDIR)$(PREFIX)/share/doc/sidakerd $(DESTDIR)$(PREFIX)/share/sidakerd

# ---- benchmarks ----

bench: all
	@LDLIBS_ALL='$(LDLIBS_ALL)' sh contrib/bench/run.sh city

bench-province: all
	@LDLIBS_ALL='$(LDLIBS_ALL)' sh contrib/bench/run.sh province

clean:
	rm -rf build
