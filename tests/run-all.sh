#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 IPsec Lab developers
# SPDX-License-Identifier: GPL-3.0-or-later

# The whole test suite: the C++ formatting check, the default build with every CTest test, the
# ASan+UBSan build with every CTest test, and a short libFuzzer smoke of every fuzz target. Stops at
# the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=$(nproc)
step() { printf '\n=== %s ===\n' "$*"; }

step "format"
tests/format-check.sh # every tracked C++ file against .clang-format (clang-format 14)

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
