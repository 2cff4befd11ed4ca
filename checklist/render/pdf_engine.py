"""HTML → archival PDF (PDF/A-3b, tagged) with attachments, safely and reproducibly.

Shared by every PDF the tool writes (the gap report, roll-ups, comparisons):

* WeasyPrint is imported only here, inside :func:`html_to_pdf`, because importing it
  costs about a second; other formats never load it.
* Resources are fetched only through :class:`~checklist.render.safe_fetcher.SafeFetcher`:
  files under the package's ``templates/`` folder and ``data:`` URIs. Anything else
  (other local files, http/https, paths escaping through ``..`` or symlinks) is refused,
  and the render fails with :class:`~checklist.load.problems.RenderError`.
* Attachments come only from the caller; ``<link rel=attachment>`` and
  ``<a rel=attachment>`` in the HTML are dropped.
* No clock is read: the document dates and the attachment dates come from ``when``.
  ``SOURCE_DATE_EPOCH`` is set from ``when`` when unset, for the fontTools subsetting
  fallback used where libharfbuzz-subset is missing.
* WeasyPrint's log is captured. Problems that mean the report is not what the template
  asked for (a resource or font that failed to load, an unknown option) fail the render;
  the rest (for example a character no shipped font can draw) are returned by
  :func:`html_to_pdf_with_log` so that tests and callers can see them.
* Long unbroken runs of text get invisible break opportunities
  (:mod:`checklist.render.line_breaks`), so a hostile value cannot make the layout slow.
* WeasyPrint's temporary files go into a folder of the render's own, removed on every
  exit, an error or a signal included.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from checklist.load.problems import RenderError
from checklist.render.line_breaks import breakable
from checklist.resources import templates_dir

PDF_VARIANT = "pdf/a-3b"

# Log messages that mean the PDF lacks something its template asked for.
_FATAL_MARKERS = ("Failed to load", "cannot be loaded", "Unknown rendering option",
                  "Unknown PDF option")


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.messages.append(record.getMessage())
        except Exception:  # a malformed log record must never break a render
            self.messages.append(str(record.msg))


@contextmanager
def _captured(logger: logging.Logger) -> Iterator[_Collector]:
    collector = _Collector()
    saved_level, saved_propagate = logger.level, logger.propagate
    logger.addHandler(collector)
    logger.setLevel(logging.WARNING)
    logger.propagate = False  # keep WeasyPrint's own lines off the user's terminal
    try:
        yield collector
    finally:
        logger.removeHandler(collector)
        logger.setLevel(saved_level)
        logger.propagate = saved_propagate


@contextmanager
def _source_date_epoch(when: dt.date) -> Iterator[None]:
    """Set ``SOURCE_DATE_EPOCH`` from ``when`` for the duration of a render, if unset."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(calendar.timegm(when.timetuple()))
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


@contextmanager
def _own_temp_folder() -> Iterator[None]:
    """Send WeasyPrint's temporary files (fonts copied for the layout) into a folder of
    our own, removed when the render ends however it ends: an error, Ctrl-C or SIGTERM
    (both raise in the main thread, see ``checklist.cli``). WeasyPrint removes its own
    folder only when its font configuration is garbage-collected, which an exception's
    traceback or the end of the process can prevent."""
    folder = tempfile.mkdtemp(prefix="checklist-pdf-")
    before = tempfile.tempdir
    tempfile.tempdir = folder
    try:
        yield
    finally:
        tempfile.tempdir = before
        shutil.rmtree(folder, ignore_errors=True)


def _midnight(when: dt.date) -> dt.datetime:
    return dt.datetime(when.year, when.month, when.day)


def _drop_embedded_files(document: Any) -> None:
    """Embed only the caller's attachments: drop ``<link rel=attachment>`` files and
    ``<a rel=attachment>`` file annotations, whatever the HTML asked for."""
    document.metadata.attachments = []
    for page in document.pages:
        page.links = [link for link in page.links if link[0] != "attachment"]


def html_to_pdf(html: str, *, attachments: Sequence[tuple[str, bytes]] = (),
                when: dt.date) -> bytes:
    """Render ``html`` to PDF/A-3b bytes, embedding ``attachments`` (name, content).

    Relative URLs in ``html`` resolve against the templates folder (``fonts/…``).
    Raises :class:`RenderError` with a plain message if the PDF cannot be produced.
    """
    pdf, _ = html_to_pdf_with_log(html, attachments=attachments, when=when)
    return pdf


def html_to_pdf_with_log(html: str, *, attachments: Sequence[tuple[str, bytes]] = (),
                         when: dt.date) -> tuple[bytes, list[str]]:
    """Like :func:`html_to_pdf`, also returning WeasyPrint's non-fatal warnings."""
    try:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration
        from weasyprint.urls import FatalURLFetchingError

        from checklist.render.safe_fetcher import SafeFetcher
    except (ImportError, OSError) as exc:
        raise RenderError(f"the PDF library (WeasyPrint) could not be loaded: {exc}. "
                          "The other formats (.html, .md, .json, .csv) still work.") from exc

    root = templates_dir()
    fetcher = SafeFetcher(root)
    stamp = _midnight(when)
    iso = when.isoformat()
    options: dict[str, Any] = {"pdf_variant": PDF_VARIANT, "pdf_tags": True}
    with _captured(weasyprint.LOGGER) as log, _source_date_epoch(when), _own_temp_folder():
        try:
            fonts = FontConfiguration()
            document = weasyprint.HTML(string=breakable(html), base_url=root.as_uri() + "/",
                                       url_fetcher=fetcher).render(font_config=fonts, **options)
            document.metadata.created = iso
            document.metadata.modified = iso
            _drop_embedded_files(document)
            files = [weasyprint.Attachment(string=content, name=name, url_fetcher=fetcher,
                                           created=stamp, modified=stamp, relationship="Data",
                                           description=f"{name}, the data this report shows")
                     for name, content in attachments]
            pdf: bytes = document.write_pdf(attachments=files, **options)
        except FatalURLFetchingError as exc:  # derives from BaseException
            raise RenderError(f"a resource of the report template could not be read: {exc}") \
                from None
        except RenderError:
            raise
        except Exception as exc:
            raise RenderError(f"the PDF could not be laid out ({type(exc).__name__}: {exc})") \
                from exc
    fatal = [m for m in log.messages if any(marker in m for marker in _FATAL_MARKERS)]
    if fatal:
        raise RenderError("the report template asked for something that could not be "
                          "loaded: " + "; ".join(fatal[:3]))
    return pdf, [m for m in log.messages if m not in fatal]
