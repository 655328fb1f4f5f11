"""A picture in a bilaga, checked before python-docx places it.

A picture's header says its size in pixels and its resolution; both come from whoever made the file.
A size no screen or printer has (a PNG may declare 2,147,483,647 pixels) or a resolution of almost
nothing (which makes the picture kilometres wide, or divides by zero) gets a message saying what to
do, instead of a page that cannot be drawn.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx.shared import Emu

from kib.errors import KibError

MAX_PIXELS = 20_000  # per side: a poster at 300 dpi is about 10,000
MAX_BYTES = 50 * 1024 * 1024
MIN_DPI, MAX_DPI = 10, 10_000
EMU_PER_INCH = 914_400


def add_picture(paragraph: Any, path: Path, description: str, max_width: int) -> None:
    """The picture at its own size, scaled down to `max_width` EMU, with `description` as its alt text."""
    from docx.image.exceptions import UnrecognizedImageError
    from docx.image.image import Image

    try:
        if path.stat().st_size > MAX_BYTES:
            raise KibError(f"the picture is larger than {MAX_BYTES // 1024 // 1024} MB; save a smaller copy", file=path)
        image = Image.from_file(str(path))
    except UnrecognizedImageError:
        raise KibError("is not a picture Word can show (use PNG, JPEG, GIF, BMP or TIFF)", file=path) from None
    except OSError as exc:
        raise KibError(f"cannot read the picture: {exc.strerror or exc}", file=path) from None
    except Exception as exc:  # a header the image reader cannot make sense of
        raise KibError(f"the picture's header is damaged ({type(exc).__name__}); save it again", file=path) from None
    width_px, height_px = int(image.px_width), int(image.px_height)
    if not (0 < width_px <= MAX_PIXELS and 0 < height_px <= MAX_PIXELS):
        raise KibError(
            f"the picture says it is {width_px:,} × {height_px:,} pixels; a document can show at most "
            f"{MAX_PIXELS:,} per side: save it again at a normal size",
            file=path,
        )
    dpi_x, dpi_y = int(image.horz_dpi), int(image.vert_dpi)
    if not (MIN_DPI <= dpi_x <= MAX_DPI and MIN_DPI <= dpi_y <= MAX_DPI):
        raise KibError(
            f"the picture says its resolution is {dpi_x} × {dpi_y} dpi, which no screen or printer has; "
            "save it again with a normal resolution (e.g. 96 or 300 dpi)",
            file=path,
        )
    width = round(width_px * EMU_PER_INCH / dpi_x)
    height = round(height_px * EMU_PER_INCH / dpi_y)
    if width > max_width:
        height, width = round(height * max_width / width), max_width
    run = paragraph.add_run()
    shape = run.add_picture(str(path), width=Emu(width), height=Emu(height))
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", description)
