"""Look at the review page in a real browser: the demo book's review (PRODUCT.md §8) as
headless Chromium renders it, as a PNG for docs/review.md and as a PDF, to check that it
prints on A4.

    .venv/bin/python tools/review_screenshot.py                  # docs/review-page.png
    .venv/bin/python tools/review_screenshot.py --lang nl --weeks 13 --png /tmp/nl.png \
        --pdf /tmp/nl.pdf

Needs Chromium (Debian: `apt-get install chromium`; `--chromium PATH` for another). The demo
is built in a temporary directory (never the user's data), for Monday 30 November 2026. The
PDF's pages are listed with their size in millimetres (A4 is 210 × 297).
"""

import argparse
import os
import re
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ON = "2026-11-30"
WIDTH = 900  # px: a laptop's browser window


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="en", choices=("en", "nl"))
    parser.add_argument("--weeks", type=int, default=4)
    parser.add_argument("--on", default=ON, help="the demo's day (default %(default)s)")
    parser.add_argument("--png", type=Path, default=ROOT / "docs" / "review-page.png")
    parser.add_argument("--pdf", type=Path, help="also print the page to this PDF")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        page = build_page(Path(tmp), args.lang, args.weeks, args.on)
        profile = Path(tmp) / "profile"
        tall = Path(tmp) / "tall.png"
        window = f"--window-size={WIDTH},4000"
        chromium(args.chromium, profile, f"--screenshot={tall}", window, page)
        args.png.write_bytes(cropped(tall.read_bytes(), margin=24))
        print(f"wrote {args.png}")
        if args.pdf:
            chromium(args.chromium, profile, f"--print-to-pdf={args.pdf}", page)
            sizes = pdf_pages(args.pdf.read_bytes())
            print(f"wrote {args.pdf}: {len(sizes)} pages, " + ", ".join(sizes))
    return 0


def build_page(tmp: Path, lang: str, weeks: int, on: str = ON) -> str:
    """The demo's review as an HTML file in `tmp`; its file:// address."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NASALES_")}
    env |= {
        "XDG_DATA_HOME": str(tmp / "data"),
        "XDG_CONFIG_HOME": str(tmp / "config"),
        "NASALES_LANG": lang,
    }
    nasales = [sys.executable, "-m", "nasales"]
    subprocess.run([*nasales, "demo", "--on", on, "--format", "json"], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    demo = tmp / "data" / "nasales" / "demo.db"
    html = tmp / "review.html"
    review = ["review", "--on", on, "--weeks", str(weeks), "--out", str(html)]
    subprocess.run([*nasales, "--db", str(demo), *review], env=env, check=True)
    return html.as_uri()


def chromium(binary: str, profile: Path, *args: str) -> None:
    """Headless, offline, with a throw-away profile."""
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        "--hide-scrollbars",
        "--no-pdf-header-footer",
        f"--user-data-dir={profile}",
    ]
    subprocess.run([binary, *flags, *args], check=True, capture_output=True, timeout=120)


def cropped(png: bytes, margin: int) -> bytes:
    """The PNG cut below its last row that differs from the row above it, plus `margin`
    rows. Filtered scanlines depend only on the rows above them, so the first rows of the
    image are kept as they are; a row equal to the one above filters to zeros (Up or Paeth),
    a one-colour row to one pixel and zeros (Sub)."""
    chunks = []
    at = 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        chunks.append((png[at + 4 : at + 8], png[at + 8 : at + 8 + length]))
        at += 12 + length
    header = next(data for kind, data in chunks if kind == b"IHDR")
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    pixel = {2: 3, 6: 4}[colour] * depth // 8
    raw = zlib.decompress(b"".join(data for kind, data in chunks if kind == b"IDAT"))
    stride = 1 + width * pixel
    last = 0
    for row in range(height):
        line = raw[row * stride : (row + 1) * stride]
        rest = line[1 + pixel :] if line[0] == 1 else line[1:]
        if line[0] == 0 or rest.count(0) != len(rest):
            last = row
    keep = min(height, last + 1 + margin)
    new_header = struct.pack(">II", width, keep) + header[8:]
    out = [png[:8]]
    for kind, data in (
        (b"IHDR", new_header),
        (b"IDAT", zlib.compress(raw[: keep * stride], 9)),
        (b"IEND", b""),
    ):
        out.append(struct.pack(">I", len(data)) + kind + data)
        out.append(struct.pack(">I", zlib.crc32(kind + data)))
    return b"".join(out)


def pdf_pages(pdf: bytes) -> list[str]:
    """Each page's size in millimetres, from its MediaBox."""
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    return [f"{float(w) / 72 * 25.4:.0f}×{float(h) / 72 * 25.4:.0f} mm" for w, h in boxes]


if __name__ == "__main__":
    sys.exit(main())
