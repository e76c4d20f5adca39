"""PDF export: the Django template `plans/exports/plan.html` laid out by WeasyPrint.

Fonts are named by family and found through fontconfig (fonts-noto-core, fonts-noto-cjk);
Pango and HarfBuzz shape Arabic and order mixed-direction text.
"""

from __future__ import annotations

from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from pveplan.plans.exports.content import PlanDocument, page_parts

TEMPLATE = "plans/exports/plan.html"
# The template loads nothing: no stylesheet, image or font comes from a URL, so refuse them all.
_NO_FETCHING = URLFetcher(allowed_protocols=frozenset())


def _css_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return '"' + escaped.replace("<", "\\3c ") + '"'


def page_counter_css() -> SafeString:
    """The translated "Page n / N" as a CSS `content` value with the page counters."""
    counters = {"{page}": "counter(page)", "{pages}": "counter(pages)"}
    parts = [counters.get(part) or _css_string(part) for part in page_parts()]
    return mark_safe(" ".join(parts))  # noqa: S308 -- every text part is escaped above


def render(document: PlanDocument, *, on_row: Callable[[int], None] | None = None) -> bytes:
    """The document as PDF bytes. WeasyPrint lays out all rows at once: `on_row` hears of
    half of them when the layout starts and of all when the pages are laid out."""
    html = render_to_string(TEMPLATE, {"doc": document, "page_counter": page_counter_css()})
    if on_row:
        on_row(len(document.rows) // 2)
    laid_out = HTML(string=html, url_fetcher=_NO_FETCHING).render()
    if on_row:
        on_row(len(document.rows))
    # Given no target, write_pdf returns the document's bytes.
    return bytes(laid_out.write_pdf())
