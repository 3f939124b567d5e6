# Daybook — the two front-door commands and their friends.
#
#   make run     set up this machine, build, and start Daybook
#   make test    set up this machine, build, and run every test
#   make bench   run the benchmarks (prints figures)
#   make screenshots  redraw the README's pictures of the window

BUILD     ?= build
ASAN_BUILD ?= build-asan
MESON     ?= meson
NINJA     ?= ninja

.PHONY: all deps setup build run test test-asan bench screenshots fuzz stress check-valgrind clean

all: build

deps:
	@tools/install-deps

$(BUILD)/build.ninja:
	$(MESON) setup $(BUILD) --buildtype=debugoptimized

setup: deps $(BUILD)/build.ninja

build: setup
	$(NINJA) -C $(BUILD)
	@# Without its helper the window reads no photo and imports nothing.
	@test -x "$$DAYBOOK_PARSE_HELPER" || { echo "The parsing helper is not at $$DAYBOOK_PARSE_HELPER"; exit 1; }

# Outside an installed tree, Daybook finds its parsing helper here.
export DAYBOOK_PARSE_HELPER ?= $(CURDIR)/$(BUILD)/app/import/daybook-parse
# ... and its translations (build/po/LANG/LC_MESSAGES/daybook.mo).
export DAYBOOK_LOCALEDIR ?= $(CURDIR)/$(BUILD)/po

run: build
	@if [ -x $(BUILD)/ui/daybook ]; then \
	  if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
	    echo "No display: starting Daybook under Xvfb is pointless; run 'make run' on a desktop."; exit 1; \
	  fi; \
	  exec $(BUILD)/ui/daybook $(ARGS); \
	else \
	  exec $(BUILD)/app/cli/daybook-cli $(or $(ARGS),--help); \
	fi

# After both runs, check-leftovers fails if they left a daybook-* folder in
# TMPDIR, an X server, a D-Bus daemon, a portal or a FUSE mount; what was
# there before the run is not counted (the snapshot). DAYBOOK_MAKE_TEST
# marks the processes this run starts, so another run's are not blamed.
LEFTOVERS = $(BUILD)/leftovers-before.txt

test: export DAYBOOK_MAKE_TEST := $(shell od -An -N8 -tx8 /dev/urandom | tr -d ' ')
test: build
	tests/check-leftovers.sh snapshot $(LEFTOVERS)
	$(MESON) test -C $(BUILD) --print-errorlogs --num-processes 2
	$(MAKE) test-asan
	tests/check-leftovers.sh check $(LEFTOVERS)

$(ASAN_BUILD)/build.ninja:
	$(MESON) setup $(ASAN_BUILD) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

# Each run keeps its own log: build-asan/meson-logs/testlog-core.txt and
# testlog-ui.txt.
#
# Leak checking needs full stack traces to tell our leaks from libraries';
# in GTK's many threads that slow unwinding can deadlock (libgcc's unwinder
# lock against module loading), so the window tests run under ASan and UBSan
# without the leak checker.
ASAN_CORE = ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:fast_unwind_on_malloc=0
ASAN_UI   = ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
SAN_ENV   = UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0

test-asan: deps $(ASAN_BUILD)/build.ninja
	$(NINJA) -C $(ASAN_BUILD)
	$(ASAN_CORE) $(SAN_ENV) $(MESON) test -C $(ASAN_BUILD) --print-errorlogs --num-processes 2 --no-suite slow --no-suite ui \
	  --logbase testlog-core
	$(ASAN_UI) $(SAN_ENV) $(MESON) test -C $(ASAN_BUILD) --print-errorlogs --num-processes 2 --no-suite slow --suite ui \
	  --logbase testlog-ui

bench: build
	$(BUILD)/tests/bench-diary
	$(BUILD)/tests/bench-backup
	@if [ -x $(BUILD)/tests/report/bench-report ]; then $(BUILD)/tests/report/bench-report; fi
	$(BUILD)/tests/bench-attachments
	tests/bench-scale.sh $(BUILD)
	$(BUILD)/tests/bench-import
	@if [ -x $(BUILD)/tests/ui/bench-window ]; then xvfb-run -a -s '-screen 0 1280x800x24' $(BUILD)/tests/ui/bench-window; fi

# The README's pictures of the window, redrawn from a fictional demo diary
# under Xvfb (look at them before committing). The backup, restore and
# bundle pictures are not scripted yet.
screenshots: build
	tests/ui/take-screenshots.sh $(BUILD) docs/screenshots
	tests/ui/take-evidence-screenshots.sh $(BUILD) docs/screenshots

# libFuzzer on every parser of outside data, FUZZ_SECONDS each; new inputs
# found go to build-fuzz/corpus (the seeds in tests/fuzz/corpus are kept).
FUZZ_SECONDS ?= 60
fuzz: deps
	@[ -f build-fuzz/build.ninja ] || CC=clang $(MESON) setup build-fuzz -Dfuzzing=true -Dgui=false \
	  -Db_sanitize=address,undefined -Db_lundef=false --buildtype=debugoptimized
	$(NINJA) -C build-fuzz
	@for t in keyfile time search backup metadata import-whatsapp import-sms import-mail import-telegram import-csv; do \
	  mkdir -p build-fuzz/corpus/$$t; \
	  echo "== fuzz-$$t for $(FUZZ_SECONDS) s"; \
	  build-fuzz/tests/fuzz/fuzz-$$t -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 \
	    build-fuzz/corpus/$$t tests/fuzz/corpus/$$t || exit 1; \
	done

# Longer runs of the crash-consistency test.
stress: build
	DAYBOOK_CRASH_RUNS=2000 $(MESON) test -C $(BUILD) --print-errorlogs crash --timeout-multiplier 10

# The core tests under valgrind's memcheck: no errors, no definite leaks.
check-valgrind: build
	DAYBOOK_CRASH_RUNS=5 DAYBOOK_PASSWD_RUNS=2 $(MESON) test -C $(BUILD) --suite core --suite fuzz --print-errorlogs --timeout-multiplier 20 \
	  --wrapper 'valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite --suppressions=$(CURDIR)/tests/valgrind.supp --trace-children=no --quiet'

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-fuzz
