"""The ballot rules (surveys/voting.py) on unsaved objects, no database: every refusal, its code, status
and field, the edges of each limit, and what a ballot that passes stores. `make mutation` runs these."""

import datetime as dt
import unicodedata

import pytest
from django.test import override_settings
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from campaign_site.models import AdministrativeUnit
from campaign_site.voters import voter_hash
from surveys.models import Channel, Kiosk, Poll, PollChoice
from surveys.voting import CheckedBallot, Refused, allowed_unit, check_ballot, check_open, clean_case_code

NOW = dt.datetime(2026, 3, 4, 8, 30, tzinfo=dt.UTC)
SECOND = dt.timedelta(seconds=1)
CITY = AdministrativeUnit(pk=1, name="Thành phố", path="0001")
WARD_A = AdministrativeUnit(pk=2, name="Phường A", path="00010001")
WARD_B = AdministrativeUnit(pk=3, name="Phường B", path="00010002")


def _poll(pk=7, *, unit=None, opens_at=NOW - SECOND, closes_at=None, allow_comment=True) -> Poll:
    return Poll(pk=pk, unit=unit, opens_at=opens_at, closes_at=closes_at, allow_comment=allow_comment)


def _vote(poll=None, **given_values):
    poll = poll or _poll()
    values = {
        "poll": poll,
        "choice": PollChoice(pk=1, poll_id=poll.pk),
        "channel": Channel.WEB,
        "voter_key": "khoa-cua-trinh-duyet",
        "unit": None,
        "comment": "",
        "case_code": "",
        "kiosk": None,
        "now": NOW,
    }
    return check_ballot(**{**values, **given_values})


def _refusal(**given_values) -> Refused:
    with pytest.raises(Refused) as refusal:
        _vote(**given_values)
    return refusal.value


def _kiosk(poll_id=7, unit=WARD_A) -> Kiosk:
    return Kiosk(pk=3, poll_id=poll_id, unit=unit)


# --- What a ballot that passes stores --------------------------------------------------------


def test_a_web_ballot_stores_the_voters_hash_and_the_polls_unit():
    assert _vote(_poll(unit=CITY)) == CheckedBallot(
        unit=CITY, voter_hash=voter_hash("khoa-cua-trinh-duyet"), comment="", case_code=""
    )


def test_a_web_ballot_counts_for_the_unit_named_within_the_poll():
    assert _vote(_poll(unit=CITY), unit=WARD_A).unit == WARD_A
    assert _vote(_poll(unit=None), unit=WARD_B).unit == WARD_B  # a city-wide poll takes any unit


def test_a_kiosk_ballot_counts_for_the_kiosks_unit_and_no_voter():
    checked = _vote(_poll(unit=CITY), channel=Channel.KIOSK, kiosk=_kiosk(), unit=WARD_B, voter_key="")
    assert checked == CheckedBallot(unit=WARD_A, voter_hash="", comment="", case_code="")
    # A key sent along does not make a kiosk ballot personal.
    assert _vote(channel=Channel.KIOSK, kiosk=_kiosk(), voter_key="khoa").voter_hash == ""


def test_the_comment_and_case_code_are_cleaned():
    decomposed = unicodedata.normalize("NFD", "Cán bộ  nhiệt tình")
    checked = _vote(comment=f"  {decomposed}\n", case_code="  h26.240322-0001 ")
    assert checked.comment == "Cán bộ  nhiệt tình"  # NFC, trimmed, inner spaces kept
    assert checked.case_code == "H26.240322-0001"  # one line, upper case


# --- Refusals, in the order the rules are checked -------------------------------------------


@pytest.mark.parametrize("channel", ["sms", "", "WEB", "Kiosk"])
def test_an_unknown_channel_is_refused(channel):
    refusal = _refusal(channel=channel)
    assert (refusal.code, refusal.status, refusal.field) == ("channel_invalid", 400, "")
    with translation.override("en"):  # the message itself (its Vietnamese: test_i18n)
        assert str(refusal.message) == "Unknown voting channel."


def test_an_answer_of_another_poll_is_refused():
    refusal = _refusal(choice=PollChoice(pk=9, poll_id=8))
    assert (refusal.code, refusal.status, refusal.field) == ("choice_invalid", 400, "choice")


@pytest.mark.parametrize(
    ("opens", "closes", "code"),
    [
        (NOW + SECOND, None, "not_open"),
        (NOW + dt.timedelta(microseconds=1), None, "not_open"),
        (NOW - dt.timedelta(days=30), NOW, "closed"),  # the closing instant is already closed
        (NOW - dt.timedelta(days=30), NOW - SECOND, "closed"),
    ],
)
def test_outside_the_window_is_refused(opens, closes, code):
    refusal = _refusal(poll=_poll(opens_at=opens, closes_at=closes))
    assert (refusal.code, refusal.status) == (code, 409)


@pytest.mark.parametrize(
    ("opens", "closes"),
    [(NOW, None), (NOW - SECOND, NOW + dt.timedelta(microseconds=1)), (NOW - SECOND, NOW + dt.timedelta(days=9))],
)
def test_inside_the_window_is_accepted(opens, closes):
    assert _vote(_poll(opens_at=opens, closes_at=closes)).voter_hash


@given(
    opens=st.integers(-100, 100),
    closes=st.one_of(st.none(), st.integers(-100, 100)),
)
@settings(deadline=None)
def test_the_window_rule_for_any_opening_and_closing(opens, closes):
    opens_at = NOW + dt.timedelta(seconds=opens)
    closes_at = None if closes is None else NOW + dt.timedelta(seconds=closes)
    open_now = opens <= 0 and (closes is None or closes > 0)
    try:
        check_open(opens_at, closes_at, NOW)
    except Refused as refusal:
        assert not open_now
        assert refusal.code == ("not_open" if opens > 0 else "closed")
    else:
        assert open_now


@override_settings(SURVEYS_COMMENT_MAX_LENGTH=20)
def test_the_comment_length_limit_counts_after_trimming():
    assert _vote(comment=" " + "a" * 20 + " ").comment == "a" * 20
    with translation.override("en"):  # the message is formatted when refused
        refusal = _refusal(comment="a" * 21)
    assert (refusal.code, refusal.status, refusal.field) == ("comment_too_long", 400, "comment")
    assert str(refusal.message) == "The comment is too long (at most 20 characters)."


@pytest.mark.parametrize("comment", ["<b>tốt</b>", "xem <a href=x>đây</a>", "a &amp; b", "</p>", "<!-- x -->"])
def test_a_comment_in_html_is_refused(comment):
    refusal = _refusal(comment=comment)
    assert (refusal.code, refusal.status, refusal.field) == ("comment_html", 400, "comment")


def test_a_comment_on_a_poll_without_comments_is_refused_but_an_empty_one_is_not():
    poll = _poll(allow_comment=False)
    refusal = _refusal(poll=poll, comment="Rất hài lòng")
    assert (refusal.code, refusal.status, refusal.field) == ("comment_not_allowed", 400, "comment")
    assert _vote(poll, comment="   ").comment == ""


@pytest.mark.parametrize("code", ["-ABC", "AB C", "AB#1", "Ư12", "A" * 41, ".1"])
def test_a_malformed_case_code_is_refused(code):
    refusal = _refusal(channel=Channel.KIOSK, kiosk=_kiosk(), case_code=code)
    assert (refusal.code, refusal.status, refusal.field) == ("case_code_invalid", 400, "case_code")


@pytest.mark.parametrize("code", ["A", "9", "A" * 40, "000.00.20.H26-240322-0001", "a/b_c"])
def test_a_well_formed_case_code_is_kept(code):
    assert clean_case_code(code) == code.upper()


@given(st.text(alphabet="ABCXYZ0189./_- \n", max_size=45))
@settings(deadline=None)
def test_case_codes_are_upper_one_line_and_at_most_40(code):
    try:
        cleaned = clean_case_code(code.lower())
    except Refused as refusal:
        assert refusal.code == "case_code_invalid"
    else:
        assert cleaned == "" or (len(cleaned) <= 40 and cleaned[0].isalnum() and " " not in cleaned)
        assert cleaned == cleaned.upper() == cleaned.strip()


def test_a_kiosk_ballot_without_a_kiosk_is_refused():
    refusal = _refusal(channel=Channel.KIOSK, kiosk=None)
    assert (refusal.code, refusal.status) == ("kiosk_invalid", 403)


def test_a_kiosk_of_another_poll_is_refused():
    """The check issue #22 found missing from every test: a kiosk votes only in the poll it serves."""
    refusal = _refusal(channel=Channel.KIOSK, kiosk=_kiosk(poll_id=8))
    assert (refusal.code, refusal.status, refusal.field) == ("kiosk_invalid", 403, "")
    with translation.override("en"):
        assert str(refusal.message) == "This kiosk does not serve this poll."


@pytest.mark.parametrize("key", ["", None])
def test_a_web_ballot_without_a_voter_key_is_refused(key):
    refusal = _refusal(voter_key=key)
    assert (refusal.code, refusal.status) == ("voter_missing", 400)


def test_a_unit_outside_the_polls_unit_is_refused():
    refusal = _refusal(poll=_poll(unit=WARD_A), unit=WARD_B)
    assert (refusal.code, refusal.status, refusal.field) == ("unit_invalid", 400, "unit")
    with pytest.raises(Refused):
        allowed_unit(rated=WARD_A, unit=CITY)  # a parent is not within its child


def test_the_first_broken_rule_is_reported():
    """A closed poll with a foreign answer says the answer is wrong (checked first), and so on."""
    closed = _poll(closes_at=NOW - SECOND, allow_comment=False)
    assert _refusal(poll=closed, choice=PollChoice(pk=9, poll_id=8)).code == "choice_invalid"
    assert _refusal(poll=closed, comment="<b>x</b>").code == "closed"
    assert _refusal(poll=_poll(allow_comment=False), comment="<b>x</b>").code == "comment_html"
    assert _refusal(comment="<b>x</b>", case_code="#").code == "comment_html"
    assert _refusal(channel=Channel.KIOSK, case_code="#").code == "case_code_invalid"
    assert _refusal(voter_key="", unit=WARD_B, poll=_poll(unit=WARD_A)).code == "voter_missing"


def test_a_refusal_carries_its_message_and_no_retry_time():
    refusal = Refused("x", "Thông điệp", status=418, field="f")
    assert (str(refusal), refusal.message, refusal.code, refusal.status, refusal.field) == (
        "Thông điệp",
        "Thông điệp",
        "x",
        418,
        "f",
    )
    assert refusal.retry_after is None
    assert Refused("x", "m", retry_after=30).retry_after == 30
    assert (Refused("x", "m").status, Refused("x", "m").field) == (400, "")


REFUSALS = [  # (what is sent, code, the citizen's message)
    ({"channel": "sms"}, "channel_invalid", "Unknown voting channel."),
    ({"choice": PollChoice(pk=9, poll_id=8)}, "choice_invalid", "This answer does not belong to this poll."),
    ({"poll": _poll(opens_at=NOW + SECOND)}, "not_open", "This poll is not open yet."),
    ({"poll": _poll(closes_at=NOW)}, "closed", "This poll has closed; votes are no longer accepted."),
    ({"comment": "<i>x</i>"}, "comment_html", "Please write the comment as plain text, without HTML."),
    ({"poll": _poll(allow_comment=False), "comment": "x"}, "comment_not_allowed", "This poll does not take comments."),
    (
        {"case_code": "#1"},
        "case_code_invalid",
        "The case code may contain only letters, digits and . / _ - (at most 40 characters).",
    ),
    ({"channel": Channel.KIOSK}, "kiosk_invalid", "This kiosk does not serve this poll."),
    ({"voter_key": ""}, "voter_missing", "Your browser did not send a voter key."),
    ({"poll": _poll(unit=WARD_A), "unit": CITY}, "unit_invalid", "This unit is not part of the poll."),
]


@pytest.mark.parametrize(("sent", "code", "message"), REFUSALS, ids=[code for _sent, code, _message in REFUSALS])
def test_each_refusal_tells_the_citizen_why(sent, code, message):
    with translation.override("en"):  # the wording itself; its Vietnamese is checked by test_i18n
        refusal = _refusal(**sent)
        assert (refusal.code, str(refusal.message), str(refusal)) == (code, message, message)
