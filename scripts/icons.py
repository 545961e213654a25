#!/usr/bin/env python3
"""Draws web/icons/icon-192.png and icon-512.png, the PNG twins of web/icons/icon.svg
(a target on the accent colour), for browsers that install apps from PNG icons only.

Plain Python (zlib) because the build machine has no image tools; run it again only
if the icon changes: python3 scripts/icons.py
"""
import math
import pathlib
import struct
import zlib

ACCENT = (0x24, 0x56, 0xC7)
WHITE = (0xFF, 0xFF, 0xFF)
SS = 4  # samples per pixel side, for smooth edges


def shade(x, y):
    """Colour and alpha of the point (x, y) of the 512-unit icon, as in icon.svg."""
    # Rounded square, corner radius 96.
    r = 96
    cx, cy = min(max(x, r), 512 - r), min(max(y, r), 512 - r)
    if (x - cx) ** 2 + (y - cy) ** 2 > r * r:
        return None
    d = math.hypot(x - 256, y - 256)
    if abs(d - 150) <= 20 or abs(d - 70) <= 20 or d <= 18:
        return WHITE
    return ACCENT


def png(size):
    rows = []
    scale = 512 / size
    for py in range(size):
        row = bytearray([0])
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(SS):
                for sx in range(SS):
                    c = shade((px + (sx + 0.5) / SS) * scale, (py + (sy + 0.5) / SS) * scale)
                    if c:
                        acc[0] += c[0]
                        acc[1] += c[1]
                        acc[2] += c[2]
                        acc[3] += 1
            n = acc[3]
            row += bytes([acc[0] // n, acc[1] // n, acc[2] // n] if n else [0, 0, 0]) + bytes([255 * n // SS**2])
        rows.append(bytes(row))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    out = pathlib.Path(__file__).resolve().parent.parent / "web" / "icons"
    for size in (192, 512):
        (out / f"icon-{size}.png").write_bytes(png(size))
        print(f"wrote {out}/icon-{size}.png")
