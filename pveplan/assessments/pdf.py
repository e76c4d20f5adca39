"""The gap report as a PDF: the template `assessments/report_pdf.html` laid out by WeasyPrint.

As for plans (pveplan/plans/exports/pdf.py): fonts are named by family and found through
fontconfig (Noto), Pango and HarfBuzz shape Arabic, and nothing is fetched from a URL. The radar
chart is the page's own inline SVG; its axes carry numbers only (see radar.py).
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import get_language_bidi
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from pveplan.assessments.models import Assessment
from pveplan.assessments.report import gap_report
from pveplan.core import audit
from pveplan.core.i18n import RTL_LANGUAGES, django_language

TEMPLATE = "assessments/report_pdf.html"
_NO_FETCHING = URLFetcher(allowed_protocols=frozenset())


def report_pdf(assessment: Assessment, *, language: str, user: Any) -> bytes:
    """The gap report of `assessment` in `language` (a UN content code), and one
    "assessment.export" audit event. The caller has checked that `user` may see it."""
    with translation.override(django_language(language)):
        report = gap_report(assessment, user)
        html = render_to_string(
            TEMPLATE,
            {
                "report": report,
                "assessment": assessment,
                "language": language,
                "direction": "rtl" if language in RTL_LANGUAGES or get_language_bidi() else "ltr",
                "exported_at": timezone.now(),
                "exported_by": user.get_username(),
            },
        )
    data = bytes(HTML(string=html, url_fetcher=_NO_FETCHING).render().write_pdf())
    audit.record(
        action="assessment.export",
        actor=user,
        obj=assessment,
        after={"format": "pdf", "language": language},
    )
    return data


def filename(assessment: Assessment, language: str) -> str:
    """A safe download name: digits and ASCII only."""
    return f"assessment-{assessment.pk}-{assessment.assessed_on.year}-{language}.pdf"
