#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 IPsec Lab developers
# SPDX-License-Identifier: GPL-3.0-or-later

# Makes the .deb and the .tar.gz of a build folder (CPack, installer/CMakeLists.txt) into a fresh
# folder. The program must be built first (`cmake --build BUILD`).
#   make_packages.sh BUILD_DIR PACKAGES_DIR
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 BUILD_DIR PACKAGES_DIR" >&2; exit 2; }
build=$1 packages=$2

[ -x "$build/app/ipsec-lab" ] || { echo "FAIL: $build/app/ipsec-lab is not built; build the project first" >&2; exit 1; }
rm -rf "$packages"
mkdir -p "$packages"
cpack --config "$build/CPackConfig.cmake" -B "$packages"
# Only the packages stay; CPack's staging folder would be taken for a package by a glob.
rm -rf "$packages/_CPack_Packages"
ls -l "$packages"
