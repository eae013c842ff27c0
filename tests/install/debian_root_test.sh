#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 IPsec Lab developers
# SPDX-License-Identifier: GPL-3.0-or-later

# Installs the .deb into a clean Debian 12 root (debootstrap --variant=minbase bookworm) with apt, as
# a school's admin would, runs the program there (--version, the lessons, a headless lesson and
# scenario, the window drawn offscreen), then removes and purges it and checks that nothing is left:
# no file of the package, and after autoremove exactly the packages the clean root had.
#   debian_root_test.sh PACKAGES_DIR ROOT_DIR SOURCE_DIR VERSION
# Exit 77 (skipped) without root, debootstrap or the Debian mirror. The clean root is cached as a
# tarball, and apt's downloads and lists are kept, in $IPSECLAB_ROOT_CACHE (default
# /var/cache/ipsec-lab), so a re-run builds nothing and downloads little.
set -euo pipefail

if [ "${1:-}" = --inside ]; then
    inside=1
    shift
fi
[ $# -eq 4 ] || { echo "usage: $0 PACKAGES_DIR ROOT_DIR SOURCE_DIR VERSION" >&2; exit 2; }
packages=$1 root=$2 source=$3 version=$4
cache=${IPSECLAB_ROOT_CACHE:-/var/cache/ipsec-lab}
mirror_host=deb.debian.org

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok [${SECONDS}s]: $*"; }
skip() { echo "SKIP: $*"; exit 77; }
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }

# --- inside a private mount namespace: the mounts vanish with it, whatever happens
if [ "${inside:-0}" = 1 ]; then
    mount -t proc proc "$root/proc"
    mount --rbind /dev "$root/dev"
    mount --bind "$cache/apt-archives" "$root/var/cache/apt/archives"
    mount --bind "$cache/apt-lists" "$root/var/lib/apt/lists"

    in_root apt-get -qq update
    in_root dpkg-query -W -f '${Package}\n' | sort >"$root/tmp/packages-before"
    deb_name=$(basename "$(ls "$root"/tmp/*.deb)")
    # Depends alone must be enough: no Recommends.
    if in_root apt-get -q -y --no-install-recommends install "/tmp/$deb_name" >"$root/tmp/apt-install.log" 2>&1; then
        pass "apt-get install ./$deb_name ($(grep -c '^Setting up' "$root/tmp/apt-install.log") packages set up)"
    else
        cat "$root/tmp/apt-install.log" >&2
        fail "apt-get install ./$deb_name failed"
        exit 1
    fi

    out=$(in_root timeout 60 ipsec-lab --version 2>&1) && [ "$out" = "IPsec Lab $version" ] &&
        pass "ipsec-lab --version: $out" || fail "ipsec-lab --version: '$out'"

    # The installed program finds the installed lessons by itself (no --lessons-dir, no environment).
    expected_lessons=$(ls "$source"/lessons/*.json | grep -vc '/glossary\.json$') # the glossary is no lesson
    out=$(in_root timeout 60 ipsec-lab --list-lessons 2>&1) && [ "$(printf '%s\n' "$out" | grep -c $'\t')" = "$expected_lessons" ] &&
        pass "ipsec-lab --list-lessons lists the $expected_lessons installed lessons" ||
        fail "ipsec-lab --list-lessons does not list the $expected_lessons installed lessons: $out"

    if in_root timeout 300 ipsec-lab --headless --lesson 1 >"$root/tmp/lesson.log" 2>&1; then
        pass "ipsec-lab --headless --lesson 1 played to its end ($(wc -l <"$root/tmp/lesson.log") lines)"
        tail -3 "$root/tmp/lesson.log"
    else
        tail -20 "$root/tmp/lesson.log" >&2
        fail "ipsec-lab --headless --lesson 1 failed (above)"
    fi

    if in_root timeout 300 ipsec-lab --headless --scenario main-quick >"$root/tmp/scenario.log" 2>&1; then
        pass "ipsec-lab --headless --scenario main-quick reached its end ($(wc -l <"$root/tmp/scenario.log") lines)"
    else
        tail -20 "$root/tmp/scenario.log" >&2
        fail "ipsec-lab --headless --scenario main-quick failed (above)"
    fi

    # The window on lesson 1, drawn by the offscreen platform plugin: the libraries and plugins the
    # package depends on suffice, and the window finds the installed lessons too.
    if in_root env QT_QPA_PLATFORM=offscreen timeout 120 ipsec-lab --lesson 1 --screenshot /tmp/window.png >"$root/tmp/window.log" 2>&1 &&
        [ "$(head -c 8 "$root/tmp/window.png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ]; then
        cp "$root/tmp/window.png" "$(dirname "$root")/window-in-debian-root.png"
        pass "the window opens on lesson 1 and draws (offscreen), screenshot saved as window-in-debian-root.png"
    else
        cat "$root/tmp/window.log" >&2
        fail "ipsec-lab --screenshot in the root failed (above)"
    fi

    # Remove, then purge: every file the package brought goes, and so does dpkg's record of it.
    in_root dpkg-query -L ipsec-lab >"$root/tmp/package-paths"
    in_root dpkg -r ipsec-lab >/dev/null && pass "dpkg -r ipsec-lab" || fail "dpkg -r ipsec-lab failed"
    in_root dpkg --purge ipsec-lab >/dev/null && pass "dpkg --purge ipsec-lab" || fail "dpkg --purge ipsec-lab failed"
    left=()
    while read -r path; do
        # Folders shared with other packages (/usr, /usr/share/...) stay; files and our own folders go.
        if [ -e "$root$path" ] && { [ ! -d "$root$path" ] || [[ "$path" == */ipsec-lab* ]]; }; then left+=("$path"); fi
    done <"$root/tmp/package-paths"
    [ ${#left[@]} -eq 0 ] && pass "no file of the package is left ($(wc -l <"$root/tmp/package-paths") paths checked)" ||
        fail "left after purge: ${left[*]}"
    status=$(in_root dpkg-query -W -f '${db:Status-Status}' ipsec-lab 2>/dev/null || true)
    [ -z "$status" ] || [ "$status" = not-installed ] && pass "dpkg no longer knows ipsec-lab" ||
        fail "dpkg still lists ipsec-lab as $status"
    records=$(ls "$root"/var/lib/dpkg/info/ipsec-lab.* 2>/dev/null || true)
    [ -z "$records" ] && pass "no dpkg record left" || fail "dpkg records left: $records"

    # Its dependencies were installed as automatic: autoremove returns the root to its package set.
    in_root apt-get -q -y autoremove --purge >/dev/null
    in_root dpkg-query -W -f '${Package}\n' | sort >"$root/tmp/packages-after"
    if diff -u "$root/tmp/packages-before" "$root/tmp/packages-after" >&2; then
        pass "after autoremove the root has exactly its packages from before"
    else
        fail "the root's packages differ after autoremove (above: - gone, + left)"
    fi
    exit $((failures > 0))
fi

# --- on the host: prerequisites, the clean root (from the cache), then the namespace part above
[ "$(id -u)" -eq 0 ] || skip "needs root (chroot, mounts, dpkg inside the root); CI runs as root"
for tool in debootstrap unshare chroot findmnt; do
    command -v "$tool" >/dev/null || skip "$tool is not installed (installer/deps.sh --test installs it)"
done
timeout 15 bash -c "exec 3<>/dev/tcp/$mirror_host/80" 2>/dev/null ||
    skip "the Debian mirror $mirror_host cannot be reached (apt in the root needs it)"
debs=("$packages"/*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || { echo "FAIL: expected one .deb in $packages (install_packages makes it)" >&2; exit 1; }

# Never delete through a mount that a crashed run could have left (it would reach the cache or /dev).
remove_root() {
    if findmnt -rn -o TARGET | grep -q "^$root\(/\|$\)"; then
        echo "FAIL: something is still mounted under $root; unmount it first" >&2
        exit 1
    fi
    rm -rf "$root"
}

mkdir -p "$cache/apt-archives" "$cache/apt-lists"
tarball=$cache/bookworm-minbase.tar.gz
exec 9>"$cache/lock"
flock 9 # one run at a time uses the cache
if [ ! -s "$tarball" ]; then
    echo "making the clean Debian 12 root (debootstrap, first run only; a few minutes)"
    rm -rf "$cache/root.tmp"
    debootstrap --variant=minbase bookworm "$cache/root.tmp" "http://$mirror_host/debian" >"$cache/debootstrap.log" 2>&1 ||
        { tail -20 "$cache/debootstrap.log" >&2; echo "FAIL: debootstrap failed (log: $cache/debootstrap.log)" >&2; exit 1; }
    tar -C "$cache/root.tmp" --numeric-owner -czf "$tarball.part" .
    mv "$tarball.part" "$tarball"
    rm -rf "$cache/root.tmp"
fi

remove_root
mkdir -p "$root"
trap remove_root EXIT
tar -C "$root" --numeric-owner -xzf "$tarball"
cat >"$root/etc/apt/sources.list" <<EOF
deb http://$mirror_host/debian bookworm main
deb http://$mirror_host/debian bookworm-updates main
deb http://$mirror_host/debian-security bookworm-security main
EOF
cp /etc/resolv.conf "$root/etc/resolv.conf"
# A throw-away root: dpkg need not sync every file, and no service may start in it.
echo force-unsafe-io >"$root/etc/dpkg/dpkg.cfg.d/unsafe-io"
printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
chmod +x "$root/usr/sbin/policy-rc.d"
cp "${debs[0]}" "$root/tmp/"
echo "clean root ready in $root; installing $(basename "${debs[0]}")"
unshare --mount --propagation private -- "$0" --inside "$packages" "$root" "$source" "$version"
