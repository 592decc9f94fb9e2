# Thin wrapper over CMake. `make run` and `make test` work on a fresh Debian 12 machine.
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: all deps configure build run test bench clean

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

# Throughput per format and thread count over a generated 1 GB corpus (made once).
BENCH_MB ?= 1024
bench: build
	@scripts/install-deps.sh bench
	bench/run.sh $(BUILD)/boilerstrip $(BENCH_MB)

clean:
	rm -rf $(BUILD) out
