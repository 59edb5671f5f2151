#!/usr/bin/env python3
"""sheet.py — a contact sheet of a PDF's pages in one PNG, to look at a
corpus issue at a glance (standard library + pdftoppm).

    tools/corpus/sheet.py FILE.pdf OUT.png [DPI [PER_ROW]]
"""
import glob
import os
import struct
import subprocess
import sys
import tempfile
import zlib


def read_ppm(path):
    with open(path, "rb") as f:
        data = f.read()
    parts, pos = [], 0
    while len(parts) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        parts.append(data[pos:end])
        pos = end
    pos += 1
    w, h = int(parts[1]), int(parts[2])
    return w, h, data[pos:pos + w * h * 3]


def write_png(path, w, h, rows):
    raw = b"".join(b"\x00" + r for r in rows)

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(raw, 6)) + chunk(b"IEND", b""))


def main(argv):
    pdf, out = argv[1], argv[2]
    dpi = argv[3] if len(argv) > 3 else "30"
    per = int(argv[4]) if len(argv) > 4 else 6
    with tempfile.TemporaryDirectory() as d:
        subprocess.run(["pdftoppm", "-r", dpi, pdf, os.path.join(d, "p")], check=True)
        pages = [read_ppm(p) for p in sorted(glob.glob(os.path.join(d, "p*.ppm")))]
    cw = max(p[0] for p in pages) + 6
    ch = max(p[1] for p in pages) + 6
    cols = min(per, len(pages))
    nrows = (len(pages) + cols - 1) // cols
    W, H = cw * cols, ch * nrows
    canvas = [bytearray(b"\x60" * (W * 3)) for _ in range(H)]
    for k, (w, h, px) in enumerate(pages):
        ox, oy = (k % cols) * cw + 3, (k // cols) * ch + 3
        for y in range(h):
            canvas[oy + y][ox * 3:(ox + w) * 3] = px[y * w * 3:(y + 1) * w * 3]
    write_png(out, W, H, [bytes(r) for r in canvas])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
