"""Write the "Fields" section of kib/templates/README.md from the fields the code declares.

The fields a template can use are declared once, with their descriptions, where they are computed
(`kib.documents.context.FIELDS` and `SLOTS`). Run `python tools/template_fields.py` after adding or
changing one; tests/test_template_fields.py fails while the README is out of date.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = REPO / "kib" / "templates" / "README.md"
START = "<!-- fields: written by tools/template_fields.py from kib/documents/context.py; do not edit by hand -->"
END = "<!-- end of fields -->"
TITLES = {"common": "Every document", "minutes": "Minutes", "agenda": "Agenda", "extract": "Extract"}


def section() -> str:
    """The generated Markdown between the markers."""
    sys.path.insert(0, str(REPO))
    from kib.documents.context import FIELDS, LABELS, SLOTS

    lines = [START, ""]
    for document, fields in FIELDS.items():
        lines.append(f"{TITLES[document]}:")
        lines.append("")
        lines.extend(f"- `{f.name}`: {f.doc}" for f in fields)
        for slot, doc in SLOTS.get(document, {}).items():
            lines.append(f"- `{slot}` (slot): {doc}")
        lines.append("")
    lines.append("Labels kib adds to the vocabulary's (`labels.…`):")
    lines.append("")
    lines.extend(f'- `{key}`: "{value}"' for key, value in LABELS.items())
    lines += ["", END]
    return "\n".join(lines)


def updated(text: str) -> str:
    """The README text with its fields section replaced by the generated one."""
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    return head + section() + tail


def main() -> None:
    text = README.read_text(encoding="utf-8")
    if START not in text or END not in text:
        sys.exit(f"{README}: the markers of the fields section are missing")
    README.write_text(updated(text), encoding="utf-8")
    print(README)


if __name__ == "__main__":
    main()
