"""Receipt links: a QR printed on the case receipt opens the kiosk's poll or survey on the citizen's own
phone, bound to that case. The link is signed (django.core.signing) and expires."""

from dataclasses import dataclass

import segno
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from surveys import conf
from surveys.services import Refused, clean_case_code

SALT = "surveys.kiosk.receipt"


@dataclass(frozen=True)
class Receipt:
    kiosk_id: int
    case_code: str


def sign_receipt(*, kiosk, case_code: str) -> str:
    code = clean_case_code(case_code)
    if not code:
        raise Refused("case_code_missing", _("Please type the case code."), field="case_code")
    return signing.dumps({"k": kiosk.pk, "c": code}, salt=SALT, compress=True)


def receipt_path(signed: str) -> str:
    return reverse("surveys:receipt", args=[signed])


def read_receipt(signed: str) -> Receipt:
    """The kiosk and case a link was made for; `Refused` when it was tampered with or has expired."""
    if not signed or len(signed) > 300:
        raise Refused("receipt_invalid", _("This link is not valid. Please scan the QR code on your receipt again."))
    try:
        data = signing.loads(signed, salt=SALT, max_age=conf.receipt_link_max_age_hours() * 3600)
    except signing.SignatureExpired:
        raise Refused(
            "receipt_expired", _("This link has expired: ratings are taken for a limited time after the case."), 410
        ) from None
    except signing.BadSignature:
        raise Refused(
            "receipt_invalid", _("This link is not valid. Please scan the QR code on your receipt again.")
        ) from None
    if not isinstance(data, dict) or not isinstance(data.get("k"), int) or not isinstance(data.get("c"), str):
        raise Refused("receipt_invalid", _("This link is not valid. Please scan the QR code on your receipt again."))
    return Receipt(kiosk_id=data["k"], case_code=data["c"])


def receipt_qr_svg(url: str, label: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=5, border=2, title=label, svgclass="receipt-qr", omitsize=True)
