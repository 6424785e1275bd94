"""PDFs made from Bridgebook's own HTML alone.

WeasyPrint would fetch a stylesheet, an image or a font from any address a page names; the
printed letters and a review's papers name none, and a text typed by someone must not make
the server fetch anything either. ``closed_fetcher`` refuses every address (the book's PDF,
which embeds photos and symbols, has its own that answers only those).
"""

from __future__ import annotations


def closed_fetcher(what: str):
    """A WeasyPrint URL fetcher that fetches nothing, naming ``what`` is being made."""
    from weasyprint.urls import URLFetcher  # loads Pango: only when printing

    class NothingFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"{what} fetches nothing: {url}")

    return NothingFetcher(allowed_protocols=())


def html_to_pdf(html: str, *, what: str) -> bytes:
    """``html`` laid out and written as a PDF, fetching nothing."""
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=closed_fetcher(what)).write_pdf()
