"""The internal certificate as a PDF (WeasyPrint), in Japanese, with its serial and a QR code."""

from __future__ import annotations

import segno
from django.template.loader import render_to_string
from django.utils import translation

from .models import Holding


def qr_data_uri(url: str) -> str:
    """An SVG QR code for ``url`` as a data URI (no file, no network)."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def certificate_pdf(holding: Holding, verification_url: str) -> bytes:
    """The PDF bytes of an awarded internal certificate; always Japanese, whatever the UI language."""
    import weasyprint  # imported here: it loads Pango, which only this feature needs

    with translation.override("ja"):
        html = render_to_string(
            "certification/certificate_pdf.html",
            {
                "holding": holding,
                "staff": holding.staff,
                "organisation": holding.organisation,
                "verification_url": verification_url,
                "qr": qr_data_uri(verification_url),
            },
        )
    return weasyprint.HTML(string=html, base_url=None).write_pdf()
