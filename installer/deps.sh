#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 IPsec Lab developers
# SPDX-License-Identifier: GPL-3.0-or-later

# Installs the Debian 12 packages IPsec Lab needs for a purpose. Idempotent: installs only what is
# missing, runs `apt-get update` at most once.
#   --run   build and run the app
#   --test  also what the test suite uses (tshark, capinfos, clang-14 + libFuzzer, clang-format-14, Xvfb,
#           scapy with python3-cryptography, chromium for the browser test, and strongSwan's charon +
#           swanctl, ike-scan, iproute2, ping for the interop tests)
set -euo pipefail

usage() { echo "usage: $0 --run | --test" >&2; exit 2; }
[ $# -eq 1 ] || usage
case "$1" in --run|--test) ;; *) usage ;; esac

if [ "$(id -u)" -ne 0 ]; then
    echo "deps.sh: not root, re-running with sudo" >&2
    exec sudo -- "$0" "$@"
fi

run_packages=(
    build-essential cmake ninja-build pkg-config
    libssl-dev libexpected-dev nlohmann-json3-dev
    qt6-base-dev libqcustomplot-dev qt6-svg-dev libgl-dev
)
test_packages=(
    tshark wireshark-common
    clang-14 libclang-rt-14-dev clang-format-14
    xvfb xauth
    # Python in tests (scripts under tests/, run with /usr/bin/python3): the standard library
    # (argparse csv json logging os pathlib re select socket struct sys) comes with python3; scapy,
    # and for scapy.layers.ipsec's ciphers python3-cryptography, which Debian's scapy only
    # recommends (without it: "unsupported encryption algo 'AES-CBC'").
    python3 python3-scapy python3-cryptography
    # the browser test (tests/browser): the Illustrated page in headless Chromium, driven over the
    # DevTools protocol on a pipe by python3's standard library (no npm, nothing at test time)
    chromium
    strongswan-charon strongswan-swanctl libcharon-extra-plugins
    libstrongswan-extra-plugins libstrongswan-standard-plugins
    ike-scan iproute2 iputils-ping procps
    # the install tests (tests/install): a clean Debian root, the package and metadata checkers
    debootstrap appstream desktop-file-utils man-db lintian
)

wanted=("${run_packages[@]}")
[ "$1" = --test ] && wanted+=("${test_packages[@]}")

missing=()
for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "deps.sh: all ${#wanted[@]} packages for $1 are installed"
    exit 0
fi

echo "deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; the lab never captures live traffic.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
apt-get -o DPkg::Lock::Timeout=600 update -qq
apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends "${missing[@]}"
