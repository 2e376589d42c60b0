"""Draw the app icon once: resources/icons/ektp-desk.png (256 px) and .ico (16–256 px).

    .venv/bin/python installer/make_icon.py

An identity card with a photo and lines, and a green tick (recorded), on a blue tile.
Drawn at 4× and scaled down so its edges are smooth (still readable at 32 px).
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parent.parent / "resources" / "icons"
BIG = 1024
BLUE, CARD, INK, GREEN = (21, 88, 160), (250, 250, 247), (120, 140, 165), (32, 160, 80)


def draw(size: int = BIG) -> Image.Image:
    s = size / 1024
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(image)
    d.rounded_rectangle((40 * s, 40 * s, 984 * s, 984 * s), radius=190 * s, fill=BLUE)
    d.rounded_rectangle((150 * s, 270 * s, 874 * s, 754 * s), radius=60 * s, fill=CARD)
    d.rectangle((150 * s, 270 * s, 874 * s, 350 * s), fill=(235, 190, 50))  # the card's band
    d.rounded_rectangle((210 * s, 410 * s, 400 * s, 680 * s), radius=30 * s, fill=INK)  # photo
    d.ellipse((262 * s, 440 * s, 348 * s, 526 * s), fill=CARD)
    d.pieslice((235 * s, 540 * s, 375 * s, 700 * s), 180, 360, fill=CARD)
    for y, right in ((430, 800), (500, 760), (570, 800), (640, 700)):
        d.rounded_rectangle((450 * s, y * s, right * s, (y + 34) * s), radius=17 * s,
                            fill=INK)
    d.ellipse((620 * s, 560 * s, 940 * s, 880 * s), fill=GREEN, outline=CARD,
              width=int(28 * s))
    d.line([(700 * s, 720 * s), (765 * s, 790 * s), (870 * s, 655 * s)], fill=CARD,
           width=int(48 * s), joint="curve")
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    big = draw()
    big.resize((256, 256), Image.Resampling.LANCZOS).save(OUT / "ektp-desk.png")
    sizes = [(n, n) for n in (16, 24, 32, 48, 64, 128, 256)]
    big.resize((256, 256), Image.Resampling.LANCZOS).save(OUT / "ektp-desk.ico", sizes=sizes)
    print(f"{OUT / 'ektp-desk.png'}, {OUT / 'ektp-desk.ico'}")


if __name__ == "__main__":
    main()
