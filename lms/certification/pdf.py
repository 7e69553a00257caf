"""The internal certificate as a PDF (WeasyPrint), in Japanese, with its serial and a QR code."""

from __future__ import annotations

import segno
from django.template.loader import render_to_string
from django.utils import translation

from .models import Holding


def qr_data_uri(url: str) -> str:
    """An SVG QR code for ``url`` as a data URI (no file, no network)."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def _size(text: str, long: int, longest: int | None = None) -> str:
    """ "", "long" or "longest": which type size a text of this length takes on the certificate."""
    if longest is not None and len(text) > longest:
        return "longest"
    return "long" if len(text) > long else ""


def text_lengths(holding: Holding) -> dict[str, str]:
    """Size classes of the certificate's variable texts (name, certificate, issuer)."""
    lengths = {
        "name": _size(holding.staff.full_name, 16, 32),
        "certification": _size(holding.certification.name, 24, 60),
        "issuer": _size(holding.organisation.name, 20),
    }
    lengths["long"] = "long" if lengths["name"] or lengths["certification"] else ""
    return lengths


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
                "lengths": text_lengths(holding),
            },
        )
    return weasyprint.HTML(string=html, base_url=None).write_pdf()
