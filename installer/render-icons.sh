#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 IPsec Lab developers
# SPDX-License-Identifier: GPL-3.0-or-later

# Renders resources/icons/ipsec-lab.svg to the PNG sizes the package installs (hicolor theme sizes,
# 16 to 512 px). The PNGs are committed, so building the package needs no SVG renderer; run this
# again after changing the SVG (needs rsvg-convert: Debian's librsvg2-bin).
set -euo pipefail
icons="$(cd "$(dirname "$0")/../resources/icons" && pwd)"
command -v rsvg-convert >/dev/null || { echo "render-icons.sh: needs rsvg-convert (apt-get install librsvg2-bin)" >&2; exit 1; }
mkdir -p "$icons/png"
for size in 16 22 24 32 48 64 128 256 512; do
    rsvg-convert --width "$size" --height "$size" "$icons/ipsec-lab.svg" --output "$icons/png/ipsec-lab-$size.png"
done
echo "render-icons.sh: wrote $icons/png/ipsec-lab-{16..512}.png"
