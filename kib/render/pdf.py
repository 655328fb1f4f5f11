"""PDF (and PDF/A-2b for the archive) through LibreOffice in headless mode.

Each run gets its own LibreOffice profile in a temporary folder: parallel runs sharing the user's
profile clash silently (stack-notes.md), and a secretary's open LibreOffice must not be disturbed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..edit import write_bytes_atomic
from ..errors import ExitCode, KibError

INSTALL_HINT = (
    "LibreOffice is needed for PDF: apt-get install libreoffice-writer-nogui (Debian/Ubuntu) "
    "or install LibreOffice from libreoffice.org (Windows)"
)
TIMEOUT = 300
#: Tagged PDF (structure for screen readers); headings become bookmarks by default.
PDF_FILTER = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
PDFA_FILTER = (
    'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"},'
    '"UseTaggedPDF":{"type":"boolean","value":"true"}}'
)


def find_soffice() -> str | None:
    """soffice or libreoffice on PATH, else the usual Windows and macOS install places."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    candidates: list[Path] = []
    if sys.platform == "win32":
        for base in (os.environ.get("PROGRAMFILES"), os.environ.get("PROGRAMFILES(X86)")):
            if base:
                candidates.append(Path(base) / "LibreOffice" / "program" / "soffice.exe")
    elif sys.platform == "darwin":
        candidates.append(Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"))
    return next((str(c) for c in candidates if c.is_file()), None)


def convert(docx: Path, *, pdfa: bool = False, target: Path | None = None) -> Path:
    """Convert `docx` to a PDF beside it (or at `target`); written atomically like the .docx."""
    soffice = find_soffice()
    if soffice is None:
        raise KibError(INSTALL_HINT, exit_code=ExitCode.USAGE)
    target = target or docx.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="kib-pdf-") as tmp:
        work = Path(tmp)
        profile = work / "profile"
        outdir = work / "out"
        outdir.mkdir()
        command = [
            soffice,
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            PDFA_FILTER if pdfa else PDF_FILTER,
            "--outdir",
            str(outdir),
            str(docx.resolve()),
        ]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise KibError(f"LibreOffice did not finish converting within {TIMEOUT} s", file=docx) from None
        except OSError as exc:
            raise KibError(f"cannot start LibreOffice ({soffice}): {exc.strerror or exc}", exit_code=ExitCode.USAGE) from None
        produced = outdir / (docx.stem + ".pdf")
        if result.returncode != 0 or not produced.is_file():
            detail = (result.stderr or result.stdout or "").strip().splitlines()
            reason = detail[-1] if detail else f"exit code {result.returncode}"
            raise KibError(f"LibreOffice could not convert the document to PDF: {reason}", file=docx)
        write_bytes_atomic(target, produced.read_bytes(), durable=False)
    return target
