import pytest
from django.db import IntegrityError, transaction

from campaign_site.models import Abbreviation, GlossaryPage


def test_short_form_is_unique_ignoring_case(db):
    Abbreviation.objects.create(short="TTHC", expansion="Thủ tục hành chính")
    with pytest.raises(IntegrityError), transaction.atomic():
        Abbreviation.objects.create(short="tthc", expansion="Trùng")


def test_glossary_page_lists_abbreviations(client, home):
    Abbreviation.objects.create(short="CCHC", expansion="Cải cách hành chính")
    Abbreviation.objects.create(short="UBND", expansion="Ủy ban nhân dân")
    page = home.add_child(instance=GlossaryPage(title="Từ viết tắt", slug="tu-viet-tat"))
    page.save_revision().publish()
    response = client.get("/tu-viet-tat/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<abbr title="Cải cách hành chính">CCHC</abbr>' in html
    assert html.index("CCHC") < html.index("UBND")
