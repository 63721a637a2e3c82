# kleio — GNU make + pkg-config. `make help` lists the targets.
PREFIX  ?= /usr/local
BUILD   ?= build
CC      ?= cc
CXX     ?= c++
WERROR  ?= 1
SANITIZE ?=

PKGS    := ncursesw sqlite3 libcurl jansson zlib
VERSION := $(shell cat VERSION 2>/dev/null || echo 0.0.0)

# A strict warning list in the manner of htop's; -Werror unless WERROR=0.
WARNINGS := -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
  -Wmissing-declarations -Wold-style-definition -Wpointer-arith -Wcast-align -Wwrite-strings \
  -Wundef -Wformat=2 -Wformat-security -Wnull-dereference -Wredundant-decls -Wvla \
  -Wimplicit-fallthrough -Wunused
# The same list for the one C++ file (the CLD2 shim), less the C-only warnings.
CXX_WARNINGS := -Wall -Wextra -Wpedantic -Wshadow -Wmissing-declarations -Wpointer-arith \
  -Wcast-align -Wwrite-strings -Wundef -Wformat=2 -Wformat-security -Wnull-dereference \
  -Wredundant-decls -Wvla -Wimplicit-fallthrough -Wunused -Wold-style-cast
ifeq ($(WERROR),1)
WARNINGS += -Werror
CXX_WARNINGS += -Werror
endif

# The libraries' flags come from pkg-config, which may only exist once .ci/install-deps
# has run: they are written to $(BUILD)/config.mk by a rule that installs first, and GNU
# make re-reads an included makefile it has remade before it builds anything. (Asked at
# parse time, a first `make` on a bare machine compiled and linked with empty flags.)
CONFIG_MK := $(BUILD)/config.mk
NO_CONFIG_GOALS := clean help deps uninstall
ifneq ($(if $(MAKECMDGOALS),$(filter-out $(NO_CONFIG_GOALS),$(MAKECMDGOALS)),all),)
include $(CONFIG_MK)
endif

OPT      ?= -O2 -g
CFLAGS   += -std=c11 -D_GNU_SOURCE $(OPT) $(WARNINGS) -Iinclude $(PKG_CFLAGS) \
            -DKLEIO_VERSION='"$(VERSION)"' -DKLEIO_DATADIR='"$(PREFIX)/share/kleio"' -pthread \
            -DKLEIO_TEXTCAT_DIR='"$(TEXTCAT_DIR)"'
CXXFLAGS += -std=c++11 $(OPT) $(CXX_WARNINGS) -Iinclude -pthread
# Compact Language Detector 2 (C++, no pkg-config file): see src/facets/langid_cld2.cc.
LDLIBS   += $(PKG_LIBS) -lcld2 -lstdc++ -lm -pthread
ifneq ($(SANITIZE),)
CFLAGS  += -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
CXXFLAGS += -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
LDFLAGS += -fsanitize=$(SANITIZE)
endif

SRCS      := $(sort $(shell find src -name '*.c'))
CXX_SRCS  := $(sort $(shell find src -name '*.cc'))
LIB_OBJS  := $(patsubst %.c,$(BUILD)/%.o,$(filter-out src/main.c,$(SRCS))) \
             $(patsubst %.cc,$(BUILD)/%.o,$(CXX_SRCS))
MAIN_OBJ  := $(BUILD)/src/main.o
LIB       := $(BUILD)/libkleio.a
BIN       := $(BUILD)/kleio

UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRCS))
TOOL_SRCS := $(sort $(wildcard tests/tools/*.c))
TOOL_BINS := $(patsubst tests/tools/%.c,$(BUILD)/tests/tools/%,$(TOOL_SRCS))
BENCH_SRCS := $(sort $(wildcard bench/*.c))
BENCH_BINS := $(patsubst bench/%.c,$(BUILD)/bench/%,$(BENCH_SRCS))
DEPS_STAMP := $(BUILD)/.deps-ok
# The bundled sample is built from its recipe by the normal build (not by sanitizer builds).
SAMPLE     := sample-db/sample.db
SAMPLE_DEP := $(if $(SANITIZE),,$(SAMPLE))

.SECONDARY:
.PHONY: all run check test-bins asan check-asan bench install uninstall clean deps help lint sample
.PHONY: fuzz fuzz-smoke fuzz-bins lint-all

all: $(DEPS_STAMP) $(BIN) $(SAMPLE_DEP)

sample: $(SAMPLE)

$(SAMPLE): $(BIN) sample-db/build.sh
	@echo "  SAMPLE  $@ (about a minute, once)"
	@sh sample-db/build.sh $(BIN) $@

help:
	@echo "make            build $(BIN)"
	@echo "make run        build and open the explorer on the bundled sample"
	@echo "make sample     (re)build sample-db/sample.db from its recipe"
	@echo "make check      build and run every test (ends with 'N passed, N failed')"
	@echo "make test-bins  build what the tests need; then: sh tests/run.sh $(BUILD) PATTERN"
	@echo "make asan       build with AddressSanitizer + UndefinedBehaviorSanitizer into build-asan/"
	@echo "make check-asan run every test against the sanitizer build"
	@echo "make bench      build the benchmark programs under $(BUILD)/bench/"
	@echo "make install PREFIX=/usr/local   install binary, man pages, themes"
	@echo "make deps       install missing system packages (apt-get, dnf or brew)"
	@echo "make fuzz       run each libFuzzer target FUZZ_TIME seconds (600); fuzz-smoke: 1 minute in all"
	@echo "make lint       mandoc -Tlint on the man pages and scan-build (fails on a finding)"
	@echo "make lint-all   cppcheck, scan-build and valgrind (tests/lint; not part of check)"

# Installs system packages once, when something is missing.
$(DEPS_STAMP):
	@./.ci/install-deps --if-missing
	@mkdir -p $(BUILD) && touch $@

$(CONFIG_MK): $(DEPS_STAMP) Makefile
	@pkg-config --exists --print-errors $(PKGS)
	@{ echo "PKG_CFLAGS := $$(pkg-config --cflags $(PKGS))"; \
	   echo "PKG_LIBS := $$(pkg-config --libs $(PKGS))"; \
	   echo "TEXTCAT_DIR := $$(pkg-config --variable=pkgdatadir libexttextcat 2>/dev/null)"; } >$@.tmp
	@mv $@.tmp $@

deps:
	./.ci/install-deps

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/%.o: %.cc
	@mkdir -p $(dir $@)
	@echo "  CXX     $<"
	@$(CXX) $(CPPFLAGS) $(CXXFLAGS) -MMD -MP -c $< -o $@

$(LIB): $(LIB_OBJS)
	@mkdir -p $(dir $@)
	@echo "  AR      $@"
	@rm -f $@ && $(AR) rcs $@ $^

$(BIN): $(MAIN_OBJ) $(LIB)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tests/test_%: $(BUILD)/tests/unit/test_%.o $(LIB)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

$(BUILD)/tests/tools/%: $(BUILD)/tests/tools/%.o $(LIB)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/bench/%: $(BUILD)/bench/%.o $(LIB)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

bench: $(DEPS_STAMP) $(BENCH_BINS)

# Fuzzing with clang's libFuzzer: tests/fuzz/run.sh builds these into build-fuzz/ with
# CC=clang and SANITIZE=fuzzer-no-link,address,undefined, then runs them (docs/RELIABILITY.md).
FUZZ_BINS := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
$(BUILD)/fuzz/%: $(BUILD)/tests/fuzz/%.o $(LIB)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(LDFLAGS) -fsanitize=fuzzer -o $@ $^ $(LDLIBS)

fuzz-bins: $(DEPS_STAMP) $(FUZZ_BINS)

fuzz fuzz-smoke:
	@sh tests/fuzz/run.sh $@

lint-all:
	@sh tests/lint/run.sh

run: all
	./$(BIN) $(SAMPLE)

check: test-bins
	@sh tests/run.sh $(BUILD)

# Everything the tests need, built but not run: then `sh tests/run.sh BUILD PATTERN` runs a few.
test-bins: $(DEPS_STAMP) $(BIN) $(SAMPLE_DEP) $(UNIT_BINS) $(TOOL_BINS)

asan:
	$(MAKE) BUILD=build-asan SANITIZE=address,undefined OPT='-O1 -g' all

check-asan:
	$(MAKE) BUILD=build-asan SANITIZE=address,undefined OPT='-O1 -g' check

# The man pages, then clang's static analyzer over a full build: a finding fails (scan-build
# --status-bugs), and so does a machine without clang and scan-build (.ci/install-deps
# installs them: Debian's clang and clang-tools).
lint:
	mandoc -Tlint -W warning man/*.[0-9]
	@LINT_REQUIRE=1 sh tests/lint/run.sh scan-build

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/man/man5 $(DESTDIR)$(PREFIX)/share/man/man7 $(DESTDIR)$(PREFIX)/share/kleio/themes
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/kleio
	for f in man/*.1; do [ -e "$$f" ] && install -m 644 "$$f" $(DESTDIR)$(PREFIX)/share/man/man1/; done; true
	for f in man/*.5; do [ -e "$$f" ] && install -m 644 "$$f" $(DESTDIR)$(PREFIX)/share/man/man5/; done; true
	for f in man/*.7; do [ -e "$$f" ] && install -m 644 "$$f" $(DESTDIR)$(PREFIX)/share/man/man7/; done; true
	for f in themes/*.theme; do [ -e "$$f" ] && install -m 644 "$$f" $(DESTDIR)$(PREFIX)/share/kleio/themes/; done; true

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/kleio $(DESTDIR)$(PREFIX)/share/man/man?/kleio*
	rm -rf $(DESTDIR)$(PREFIX)/share/kleio

clean:
	rm -rf build build-asan build-fuzz

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
