# Thin wrapper over CMake. `make run` and `make test` work on a fresh Debian 12 machine.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps configure build run test test-asan fuzz bench clean

all: build

deps:
	@scripts/install-deps.sh

$(BUILD)/build.ninja: | deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)

configure: $(BUILD)/build.ninja

build: configure
	cmake --build $(BUILD) -j $(JOBS)

# Cleans every sample page into out/ and prints what was removed, per stage and rule.
run: build
	$(BUILD)/boilerstrip clean samples/ -o out/ --exclude "*.expected.txt" --summary

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The whole CTest suite again, built with AddressSanitizer and UBSan: any finding
# (memory error, leak, undefined behaviour) ends the process with an error and fails
# the test. A separate build directory, so `make test` stays the quick loop. The 10 GiB
# load test is left out here: it measures peak RSS, which ASan's shadow memory inflates,
# and at ASan's speed it alone would take a quarter of an hour.
ASAN_BUILD ?= build-asan
SANITIZER_ENV = ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:detect_stack_use_after_return=1:strict_init_order=1 \
                UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 BOILERSTRIP_TIME_FACTOR=4 BOILERSTRIP_SANITIZED=1
test-asan: deps
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBOILERSTRIP_SANITIZE=ON $(CMAKE_FLAGS)
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && $(SANITIZER_ENV) ctest --output-on-failure -j $(JOBS) -LE load

# libFuzzer targets (fuzz/README.md), built with clang, ASan and UBSan; each runs for
# FUZZ_SECONDS. A crash, sanitizer report, leak or timeout fails, leaving the input in
# $(FUZZ_BUILD)/artifacts/.
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS = text jsonl warc rules config html regex
fuzz: deps
	CC=clang-14 CXX=clang++-14 cmake -S . -B $(FUZZ_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DBOILERSTRIP_FUZZ=ON -DBOILERSTRIP_TESTS=OFF $(CMAKE_FLAGS)
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target $(addprefix fuzz_,$(FUZZ_TARGETS))
	scripts/run-fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Throughput per format and thread count over a generated 1 GB corpus (made once).
BENCH_MB ?= 1024
BENCH_RUNS ?= 3
bench: build
	@scripts/install-deps.sh bench
	bench/run.sh $(BUILD)/boilerstrip $(BENCH_MB) $(BENCH_RUNS)

clean:
	rm -rf $(BUILD) out
