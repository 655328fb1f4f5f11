"""PDF (and PDF/A-2b for the archive) through LibreOffice in headless mode.

Each run gets its own LibreOffice profile in a temporary folder: parallel runs sharing the user's
profile clash silently, and a secretary's open LibreOffice must not be disturbed. That profile also
makes LibreOffice fetch nothing: links are never updated, untrusted outside links are blocked, and
its internet connections go to a proxy address where nothing listens. (Templates that link outside
files are refused before this point; this is the second line.) Many documents are converted in one
LibreOffice run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from kib.errors import ExitCode, KibError

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


def _item(path: str, name: str, value: str) -> str:
    return f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse"><value>{value}</value></prop></item>'


#: The profile's settings: nothing is fetched while a document is converted.
PROFILE_SETTINGS = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
    + "\n".join(
        _item(path, name, value)
        for path, name, value in (
            ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
            ("/org.openoffice.Office.Common/Security/Scripting", "DisableActiveContent", "true"),
            ("/org.openoffice.Office.Writer/Content/Update", "Link", "2"),
            ("/org.openoffice.Inet/Settings", "ooInetProxyType", "1"),
            ("/org.openoffice.Inet/Settings", "ooInetHTTPProxyName", "127.0.0.1"),
            ("/org.openoffice.Inet/Settings", "ooInetHTTPProxyPort", "9"),
            ("/org.openoffice.Inet/Settings", "ooInetHTTPSProxyName", "127.0.0.1"),
            ("/org.openoffice.Inet/Settings", "ooInetHTTPSProxyPort", "9"),
            ("/org.openoffice.Inet/Settings", "ooInetFTPProxyName", "127.0.0.1"),
            ("/org.openoffice.Inet/Settings", "ooInetFTPProxyPort", "9"),
            ("/org.openoffice.Inet/Settings", "ooInetNoProxy", ""),
        )
    )
    + "\n</oor:items>\n"
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


def convert(documents: list[Path], *, pdfa: bool = False) -> list[tuple[Path, bytes]]:
    """(PDF path beside each .docx, its bytes), all converted in one LibreOffice run; the caller writes them."""
    soffice = find_soffice()
    if soffice is None:
        raise KibError(INSTALL_HINT, exit_code=ExitCode.USAGE)
    with tempfile.TemporaryDirectory(prefix="kib-pdf-") as tmp:
        work = Path(tmp)
        profile = work / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(PROFILE_SETTINGS, encoding="utf-8")
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
            *(str(d.resolve()) for d in documents),
        ]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise KibError(f"LibreOffice did not finish converting within {TIMEOUT} s", file=documents[0]) from None
        except OSError as exc:
            raise KibError(
                f"cannot start LibreOffice ({soffice}): {exc.strerror or exc}", exit_code=ExitCode.USAGE
            ) from None
        converted = []
        for docx in documents:
            produced = outdir / (docx.stem + ".pdf")
            if result.returncode != 0 or not produced.is_file():
                detail = (result.stderr or result.stdout or "").strip().splitlines()
                reason = detail[-1] if detail else f"exit code {result.returncode}"
                raise KibError(f"LibreOffice could not convert the document to PDF: {reason}", file=docx)
            converted.append((docx.with_suffix(".pdf"), produced.read_bytes()))
    return converted
