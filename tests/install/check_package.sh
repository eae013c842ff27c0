#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 IPsec Lab developers
# SPDX-License-Identifier: GPL-3.0-or-later

# Checks the .deb and the .tar.gz that make_packages.sh made, as apt, a desktop and a software centre
# read them: the control fields and dependencies, every file in its place (the same set in both
# packages), the desktop entry (desktop-file-validate), the AppStream data (appstreamcli validate
# --no-net), the icons' sizes, the man page (man --warnings) and, when lintian is installed, its errors.
#   check_package.sh PACKAGES_DIR SOURCE_DIR VERSION
set -euo pipefail
[ $# -eq 3 ] || { echo "usage: $0 PACKAGES_DIR SOURCE_DIR VERSION" >&2; exit 2; }
packages=$1 source=$2 version=$3
app_id=org.ipseclab.IPsecLab
icon_sizes=(16 22 24 32 48 64 128 256 512)

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }

# Exactly one package of each kind.
one() {
    local found=("$packages"/$1)
    [ ${#found[@]} -eq 1 ] && [ -f "${found[0]}" ] || { echo "FAIL: expected one $1 in $packages, found: ${found[*]}" >&2; exit 1; }
    echo "${found[0]}"
}
deb=$(one '*.deb')
tgz=$(one '*.tar.gz')
for tool in dpkg-deb desktop-file-validate appstreamcli man; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool is missing (installer/deps.sh --test installs it)" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- control fields
field() { dpkg-deb --field "$deb" "$1"; }
[ "$(field Package)" = ipsec-lab ] && pass "Package: ipsec-lab" || fail "Package is '$(field Package)', not ipsec-lab"
[ "$(field Version)" = "$version" ] && pass "Version: $version" || fail "Version is '$(field Version)', not $version"
arch=$(dpkg --print-architecture)
[ "$(field Architecture)" = "$arch" ] && pass "Architecture: $arch" || fail "Architecture is '$(field Architecture)', not $arch"
[ "$(field Section)" = education ] && pass "Section: education" || fail "Section is '$(field Section)', not education"
[[ "$(field Maintainer)" =~ ^[^\<]+\ \<[^@\>]+@[^\>]+\>$ ]] && pass "Maintainer: $(field Maintainer)" ||
    fail "Maintainer '$(field Maintainer)' is not 'Name <address>'"
description=$(field Description)
[ "$(printf '%s\n' "$description" | wc -l)" -ge 3 ] && pass "Description has a summary and a long text" ||
    fail "Description has no long text: $description"

# Depends: dpkg-shlibdeps' list (the libraries the program links) and what it cannot see (plugins).
depends=$(field Depends)
echo "Depends: $depends"
# The package names, without their versions: "libssl3 (>= 3.0.0)" -> libssl3.
depends_names=$(printf '%s\n' "$depends" | tr ',' '\n' | sed 's/^ *//; s/[ (].*//')
for package in libc6 libstdc++6 libssl3 libqt6core6 libqt6gui6 libqt6widgets6 libqt6svg6 libqt6printsupport6 \
               libqcustomplot2.1-qt6 qt6-qpa-plugins; do
    if grep -qxF "$package" <<<"$depends_names"; then pass "depends on $package"; else fail "Depends lacks $package"; fi
done

# --- files: the program, the lessons, the desktop entry, the metadata, the icons, the man page
dpkg-deb --fsys-tarfile "$deb" | tar -t | sed -n 's|^\./usr/||p' | grep -v -e '/$' -e '^$' | sort >"$work/deb-files"
expected=(bin/ipsec-lab share/applications/$app_id.desktop share/metainfo/$app_id.metainfo.xml
          share/icons/hicolor/scalable/apps/$app_id.svg share/man/man1/ipsec-lab.1.gz share/ipsec-lab/lessons/README.md
          share/doc/ipsec-lab/copyright share/doc/ipsec-lab/changelog.gz share/doc/ipsec-lab/teacher-guide.md.gz
          share/doc/ipsec-lab/class-files.md.gz)
for size in "${icon_sizes[@]}"; do expected+=(share/icons/hicolor/${size}x$size/apps/$app_id.png); done
lessons=0
for lesson in "$source"/lessons/*.json; do
    expected+=(share/ipsec-lab/lessons/$(basename "$lesson"))
    [ "$(basename "$lesson")" = glossary.json ] || lessons=$((lessons + 1)) # the glossary is no lesson
done
[ $lessons -gt 0 ] || fail "no lesson in $source/lessons"
printf '%s\n' "${expected[@]}" | sort >"$work/expected-files"
if diff -u "$work/expected-files" "$work/deb-files" >"$work/diff"; then
    pass "the .deb holds exactly the ${#expected[@]} expected files under /usr ($lessons lessons)"
else
    fail "the .deb's files differ from the expected ones (- missing, + unexpected):"; cat "$work/diff" >&2
fi
outside=$(dpkg-deb --fsys-tarfile "$deb" | tar -t | grep -v -e '^\./$' -e '^\./usr/' || true)
[ -z "$outside" ] && pass "nothing outside /usr" || fail "files outside /usr: $outside"

# The .tar.gz: the same files under one top folder (bin/, share/), so bin/../share finds the lessons.
tar -tzf "$tgz" | grep -v '/$' | sed 's|^[^/]*/||' | sort >"$work/tgz-files"
if diff -u "$work/deb-files" "$work/tgz-files" >"$work/diff"; then
    pass "the .tar.gz holds the same files as the .deb"
else
    fail "the .tar.gz's files differ from the .deb's (- .deb only, + .tar.gz only):"; cat "$work/diff" >&2
fi

# Unpacked anywhere, the .tar.gz's program reads the lessons beside it (bin/../share/ipsec-lab/lessons),
# not the source tree's: with one lesson taken out of the unpacked copy, it lists one fewer.
mkdir "$work/tgz"
tar -C "$work/tgz" -xzf "$tgz"
tgz_lessons=$(echo "$work"/tgz/*/share/ipsec-lab/lessons)
rm "$(ls "$tgz_lessons"/*.json | head -1)"
listed=$(cd / && env -u IPSECLAB_LESSONS_DIR "$work"/tgz/*/bin/ipsec-lab --list-lessons 2>&1 | grep -c $'\t' || true)
[ "$listed" = $((lessons - 1)) ] && pass "the unpacked .tar.gz's program lists its own $listed lessons" ||
    fail "the unpacked .tar.gz's program lists $listed lessons, not the $((lessons - 1)) beside it"

dpkg-deb -x "$deb" "$work/root"
usr=$work/root/usr

# The program runs and is stripped (the .deb carries no debug info).
"$usr/bin/ipsec-lab" --version | grep -qx "IPsec Lab $version" && pass "ipsec-lab --version says IPsec Lab $version" ||
    fail "ipsec-lab --version: '$("$usr/bin/ipsec-lab" --version 2>&1)'"
if readelf -S "$usr/bin/ipsec-lab" | grep -q '\.debug_info'; then fail "bin/ipsec-lab is not stripped"; else pass "bin/ipsec-lab is stripped"; fi

# --- desktop entry and AppStream data, and that they name each other and the icon
desktop=$usr/share/applications/$app_id.desktop
if out=$(desktop-file-validate "$desktop" 2>&1) && [ -z "$out" ]; then pass "desktop-file-validate: no error, warning or hint"
else fail "desktop-file-validate $app_id.desktop: $out"; fi
grep -qx "Icon=$app_id" "$desktop" && pass "desktop entry: Icon=$app_id" || fail "desktop entry: Icon is not $app_id"
grep -qx "Exec=ipsec-lab" "$desktop" && pass "desktop entry: Exec=ipsec-lab" || fail "desktop entry: Exec is not ipsec-lab"
metainfo=$usr/share/metainfo/$app_id.metainfo.xml
if out=$(appstreamcli validate --no-net "$metainfo" 2>&1); then pass "appstreamcli validate --no-net: $(echo "$out" | tail -1)"
else fail "appstreamcli validate --no-net $app_id.metainfo.xml:"; echo "$out" >&2; fi
for needle in "<id>$app_id</id>" "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" \
              "<release version=\"$version\"" "<screenshot type=\"default\">" "<binary>ipsec-lab</binary>"; do
    grep -qF "$needle" "$metainfo" && pass "metainfo has $needle" || fail "metainfo lacks $needle"
done

# --- icons: each PNG is the size its folder names (IHDR width and height, bytes 16..23)
for size in "${icon_sizes[@]}"; do
    png=$usr/share/icons/hicolor/${size}x$size/apps/$app_id.png
    [ -f "$png" ] || continue
    read -r width height < <(od -An -tu1 -j16 -N8 "$png" | awk '{print $1*16777216+$2*65536+$3*256+$4, $5*16777216+$6*65536+$7*256+$8}')
    [ "$width" = "$size" ] && [ "$height" = "$size" ] && pass "icon ${size}x$size" ||
        fail "icon ${size}x$size/apps/$app_id.png is ${width}x$height"
done
grep -q '<svg' "$usr/share/icons/hicolor/scalable/apps/$app_id.svg" && pass "scalable icon is an SVG" ||
    fail "scalable/apps/$app_id.svg is not an SVG"

# --- man page: renders without a warning, and covers what the program offers
man_page=$usr/share/man/man1/ipsec-lab.1.gz
warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$man_page" 2>&1 >"$work/man.txt") || true
[ -z "$warnings" ] && [ -s "$work/man.txt" ] && pass "man page renders without warnings" || fail "man page: $warnings"
for topic in --headless --scenario --lesson --list-lessons --list-scenarios --attack --pcap --keys --seed \
             "ipsec-lab peer" --initiator --responder --psk IPSECLAB_LESSONS_DIR "EXIT STATUS" /usr/share/ipsec-lab/lessons \
             "ipsec-lab class" --code --card --teacher; do
    grep -qF -- "$topic" "$work/man.txt" && pass "man page covers $topic" || fail "man page does not mention $topic"
done

# --- the teacher's guide: the same text as the source's (the program shows its own copy from Help)
if zcat "$usr/share/doc/ipsec-lab/teacher-guide.md.gz" | cmp -s - "$source/docs/teacher-guide.md"; then
    pass "share/doc/ipsec-lab/teacher-guide.md.gz is docs/teacher-guide.md"
else
    fail "share/doc/ipsec-lab/teacher-guide.md.gz differs from docs/teacher-guide.md"
fi

# --- lintian (optional): no error-level tag
if command -v lintian >/dev/null; then
    lintian --no-tag-display-limit "$deb" >"$work/lintian" 2>&1 || true
    cat "$work/lintian"
    if grep -q '^E: ' "$work/lintian"; then fail "lintian reports errors (above)"; else pass "lintian: no error"; fi
else
    echo "note: lintian is not installed; its check was not run"
fi

if [ $failures -gt 0 ]; then echo "$failures check(s) failed" >&2; exit 1; fi
echo "all package checks passed"
