# SPDX-FileCopyrightText: 2026 IPsec Lab developers
# SPDX-License-Identifier: GPL-3.0-or-later

"""Is a screenshot more than a blank page? A small PNG reader (8-bit RGB or RGBA, as Chromium
writes them) and a count of the pixels that differ from the background."""

import struct
import zlib
from collections import Counter


def read_png(data):
    """Returns (width, height, rows), each row a bytes of RGB(A) pixels."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError("unexpected PNG format: depth %d, colour type %d" % (depth, colour))
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = previous[i]
            c = previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        previous = line
    return width, height, [bytes(r) for r in rows], bpp


def ink(data, step=3):
    """The share of pixels (sampled every `step` in each direction) that differ from the most
    common colour, and how many colours there are."""
    width, height, rows, bpp = read_png(data)
    pixels = Counter()
    for y in range(0, height, step):
        row = rows[y]
        for x in range(0, width, step):
            pixels[row[x * bpp:x * bpp + 3]] += 1
    total = sum(pixels.values())
    background = pixels.most_common(1)[0][1]
    return (total - background) / total, len(pixels), (width, height)
