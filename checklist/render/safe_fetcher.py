"""The only URL fetcher the PDF engine uses: package templates and ``data:`` URIs, nothing else.

WeasyPrint's default fetcher reads any local file and any URL, and ``<link rel=attachment>``
copies what it reads into the PDF. User text is escaped before it reaches HTML, so this
is the second line of defence: a file is served only if its real path (symlinks resolved)
lies inside the templates folder; every other URL is refused before anything is opened.

This module imports WeasyPrint; import it only on the PDF path.
"""

from __future__ import annotations

import mimetypes
import os
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from weasyprint.urls import URLFetcher, URLFetcherResponse

_TYPES = {".css": "text/css", ".ttf": "font/ttf", ".woff2": "font/woff2", ".woff": "font/woff",
          ".svg": "image/svg+xml", ".png": "image/png"}


class RefusedURL(ValueError):
    """A resource outside what a report may read. WeasyPrint logs it as "Failed to load"."""


class SafeFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type hints
    def __init__(self, root: Path) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.root = Path(os.path.realpath(root))

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise RefusedURL(f"only the report's own templates may be read, not {url!r}")
        return self._file(url)

    def _file(self, url: str) -> URLFetcherResponse:
        parts = urllib.parse.urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise RefusedURL(f"refused remote file URL {url!r}")
        path = Path(os.path.realpath(urllib.request.url2pathname(parts.path)))
        if not path.is_relative_to(self.root) or not path.is_file():
            raise RefusedURL(f"refused {url!r}: not a file in the report templates")
        kind = _TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
        return URLFetcherResponse(path.as_uri(), path.read_bytes(),
                                  headers={"Content-Type": kind or "application/octet-stream"})
