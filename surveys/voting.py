"""The rules a ballot must pass before anything is stored, as pure decisions on the objects given
(no query): the channel, the answer, the poll's opening window, the comment, the case code, the
kiosk and the unit. `services.cast_ballot` asks `check_ballot`, then claims the kiosk's slot,
counts the rate limit and stores the ballot in one transaction. `make mutation` measures this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from campaign_site.text import clean_line, nfc
from surveys import conf
from surveys.models import Channel
from surveys.security import looks_like_html, voter_hash

CASE_CODE = re.compile(r"^[A-Z0-9][A-Z0-9./_-]{0,39}$")


class Refused(Exception):
    """A vote or response that is not stored; `message` is shown to the citizen."""

    def __init__(self, code: str, message, status: int = 400, field: str = "", retry_after: int | None = None):
        super().__init__(str(message))
        self.code, self.message, self.status, self.field = code, message, status, field
        self.retry_after = retry_after  # seconds, sent as Retry-After with a 429


def clean_comment(comment: str) -> str:
    comment = nfc(comment or "").strip()
    if len(comment) > conf.comment_max_length():
        raise Refused(
            "comment_too_long",
            _("The comment is too long (at most %(max)s characters).") % {"max": conf.comment_max_length()},
            field="comment",
        )
    if looks_like_html(comment):
        raise Refused("comment_html", _("Please write the comment as plain text, without HTML."), field="comment")
    return comment


def clean_case_code(case_code: str) -> str:
    code = clean_line(case_code).upper()
    if code and not CASE_CODE.match(code):
        raise Refused(
            "case_code_invalid",
            _("The case code may contain only letters, digits and . / _ - (at most 40 characters)."),
            field="case_code",
        )
    return code


def check_open(opens_at, closes_at, now) -> None:
    """Open from `opens_at` (included) until `closes_at` (excluded; None: no end)."""
    if opens_at > now:
        raise Refused("not_open", _("This poll is not open yet."), status=409)
    if closes_at is not None and closes_at <= now:
        raise Refused("closed", _("This poll has closed; votes are no longer accepted."), status=409)


def allowed_unit(*, rated, unit):
    """The unit a ballot counts for: the one named if it lies within the rated unit, else the rated unit."""
    if unit is None:
        return rated
    if rated is not None and not unit.is_within(rated):
        raise Refused("unit_invalid", _("This unit is not part of the poll."), field="unit")
    return unit


@dataclass(frozen=True)
class CheckedBallot:
    """What a ballot that passed the rules stores."""

    unit: object  # an AdministrativeUnit or None (the whole city)
    voter_hash: str  # "" on a kiosk: one device, many citizens
    comment: str
    case_code: str


def check_ballot(*, poll, choice, channel: str, voter_key: str, unit, comment: str, case_code: str, kiosk, now):
    """The ballot as it will be stored, or `Refused` with the first rule it breaks. A kiosk votes
    only in the poll it serves, for its own unit; a web ballot needs the browser's voter key and a
    unit within the poll's."""
    if channel not in Channel.values:
        raise Refused("channel_invalid", _("Unknown voting channel."))
    if choice.poll_id != poll.pk:
        raise Refused("choice_invalid", _("This answer does not belong to this poll."), field="choice")
    check_open(poll.opens_at, poll.closes_at, now)
    comment = clean_comment(comment)
    if comment and not poll.allow_comment:
        raise Refused("comment_not_allowed", _("This poll does not take comments."), field="comment")
    case_code = clean_case_code(case_code)
    if channel == Channel.KIOSK:
        if kiosk is None or kiosk.poll_id != poll.pk:
            raise Refused("kiosk_invalid", _("This kiosk does not serve this poll."), status=403)
        return CheckedBallot(unit=kiosk.unit, voter_hash="", comment=comment, case_code=case_code)
    if not voter_key:
        raise Refused("voter_missing", _("Your browser did not send a voter key."))
    unit = allowed_unit(rated=poll.unit, unit=unit)
    return CheckedBallot(unit=unit, voter_hash=voter_hash(voter_key), comment=comment, case_code=case_code)
