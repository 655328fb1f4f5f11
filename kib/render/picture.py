"""A picture in a bilaga: its part in the package, and the inline drawing that shows it in a run.

python-docx's image reader knows the pixel size and resolution of PNG, JPEG, GIF, BMP and TIFF files.
Importing it loads all of python-docx, so this module is imported only for a meeting with a picture.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import KibError
from .ooxml import RT_FOOTER, RT_HEADER, RT_IMAGE, Package, fragment, qn

_DRAWING = (
    '<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
    '<wp:docPr id="{id}" name="Bild {id}"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/>'
    '</wp:cNvGraphicFramePr><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
    '<pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="bild"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill>'
    '<a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm>'
    '<a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
    "</pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
)


def _next_drawing_id(package: Package) -> int:
    """Drawing ids must be unique in the document, its headers and footers included."""
    main = package.main
    highest = 0
    for name in (main, *package.related(main, RT_HEADER), *package.related(main, RT_FOOTER)):
        if package.has(name):
            for node in package.tree(name).iter(qn("wp:docPr")):
                value = node.get("id", "")
                highest = max(highest, int(value) if value.isdigit() else 0)
    return highest + 1


def inline_picture(package: Package, path: Path, description: str, max_width: int) -> Any:
    """A run showing the picture at its own size, scaled down to `max_width` EMU; `description` is its alt text."""
    from docx.image.exceptions import UnrecognizedImageError
    from docx.image.image import Image

    try:
        picture = Image.from_file(str(path))
    except UnrecognizedImageError:
        raise KibError("is not a picture Word can show (use PNG, JPEG, GIF, BMP or TIFF)", file=path) from None
    except OSError as exc:
        raise KibError(f"cannot read the picture: {exc.strerror or exc}", file=path) from None
    natural_width, natural_height = int(picture.width), int(picture.height)
    width = min(natural_width, max_width)
    height = round(natural_height * width / natural_width) if natural_width else natural_height
    name = package.new_name(f"word/media/image%d.{picture.ext}")
    rid = package.add_part(name, picture.content_type, picture.blob, package.main, RT_IMAGE)
    drawing_id = _next_drawing_id(package)
    run = fragment(_DRAWING.format(cx=width, cy=height, id=drawing_id, rid=rid), "w", "wp", "a", "pic", "r")
    run.find(f".//{qn('wp:docPr')}").set("descr", description)
    run.find(f".//{qn('pic:cNvPr')}").set("name", path.name)
    return run
