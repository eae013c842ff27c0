#!/usr/bin/env bash
# The whole test suite: the default build with every CTest test, the ASan+UBSan build with every
# CTest test, and a short libFuzzer smoke of every fuzz target. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=$(nproc)
step() { printf '\n=== %s ===\n' "$*"; }

step "default build"
cmake --preset default
cmake --build --preset default -j "$jobs"
step "default tests"
ctest --preset default -j "$jobs"

step "asan build"
cmake --preset asan
cmake --build --preset asan -j "$jobs"
step "asan tests"
ctest --preset asan -j "$jobs"

step "fuzz build"
cmake --preset fuzz
cmake --build --preset fuzz -j "$jobs"
step "fuzz smoke"
tests/fuzz/smoke.sh build/fuzz "${FUZZ_SECONDS:-30}"

step "all passed"
