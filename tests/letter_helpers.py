"""Office-profile images for the tests that make letters: a real letter needs a logo
(without one only a CONTOH preview is made)."""

from __future__ import annotations

import io

import peewee as pw


def png(color: tuple[int, int, int, int] = (20, 90, 40, 255), size: tuple[int, int] = (120, 140),
        ) -> bytes:
    """A small PNG: a coloured ellipse on a transparent ground."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", size, (0, 0, 0, 0))
    ImageDraw.Draw(image).ellipse((4, 4, size[0] - 4, size[1] - 4), outline=color, width=6)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def give_logo(db: pw.Database) -> None:
    """Store a logo in the office profile (straight to the row, as a test set-up)."""
    db.execute_sql("UPDATE office_profile SET logo = ? WHERE id = 1", (png(),))
