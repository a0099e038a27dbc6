"""Procedures: the "Thủ tục liên quan" box on articles and stories, linking to both portals; the
procedure list imported from CSV/XLSX with its bad inputs."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from documents import services
from documents.models import Procedure
from news.models import ModelStoryPage, NewsArticlePage
from news.models.articles import NewsArticleProcedure
from news.models.stories import ModelStoryProcedure

pytestmark = pytest.mark.django_db

CSV = (
    "Mã TTHC,Tên thủ tục,Lĩnh vực,Cấp thực hiện\n"
    "1.001612,Đăng ký thường trú,Đăng ký cư trú,Cấp xã\n"
    "1.001193,Đăng ký khai sinh,Hộ tịch,Cấp xã\n"
)


@pytest.fixture
def procedures(db):
    return [
        Procedure.objects.create(code="1.001612", name="Đăng ký thường trú", field="Cư trú", level="Cấp xã"),
        Procedure.objects.create(code="1.001193", name="Đăng ký khai sinh", field="Hộ tịch"),
        Procedure.objects.create(code="2.000986", name="Thủ tục đã bãi bỏ", is_active=False),
    ]


def _link(page, procedures, link_model):
    page = type(page).objects.get(pk=page.pk)
    for procedure in procedures:
        page.procedure_links.add(link_model(procedure=procedure))
    page.save_revision().publish()
    return page


def test_article_shows_related_procedures_with_both_portal_links(client, settings, make_article, procedures):
    settings.DOCUMENTS_NATIONAL_PROCEDURE_URL = "https://dichvucong.gov.vn/tthc?ma={code}"
    settings.DOCUMENTS_CITY_PROCEDURE_URL = "https://dichvucong.hanoi.gov.vn/tim?ma={code}&x={y}"
    article = _link(make_article(), [procedures[0], procedures[2], procedures[0]], NewsArticleProcedure)
    html = client.get(article.url).content.decode()
    assert "Thủ tục liên quan" in html
    assert "Đăng ký thường trú" in html and "1.001612" in html
    assert 'href="https://dichvucong.gov.vn/tthc?ma=1.001612"' in html
    assert 'href="https://dichvucong.hanoi.gov.vn/tim?ma=1.001612&amp;x={y}"' in html  # other braces kept, no error
    assert "Thủ tục đã bãi bỏ" not in html  # a procedure no longer in use is not offered
    assert html.count("Đăng ký thường trú") == 1  # named twice, shown once


def test_story_shows_related_procedures(client, make_story, units, procedures):
    story = _link(make_story(unit=units["ward_a"]), [procedures[1]], ModelStoryProcedure)
    html = client.get(story.url).content.decode()
    assert "Thủ tục liên quan" in html and "Đăng ký khai sinh" in html
    assert "dichvucong.gov.vn" in html


def test_no_box_without_procedures(client, make_article):
    assert "Thủ tục liên quan" not in client.get(make_article().url).content.decode()


def test_procedure_links_are_in_the_revision(make_article, procedures):
    article = _link(make_article(), [procedures[0]], NewsArticleProcedure)
    revision_page = NewsArticlePage.objects.get(pk=article.pk).get_latest_revision_as_object()
    assert [link.procedure_id for link in revision_page.procedure_links.all()] == [procedures[0].pk]
    assert ModelStoryPage.objects.count() == 0


@pytest.mark.parametrize("code", ["", "abc", "1001612", "1.0016", "1.001612; DROP", "=1+1"])
def test_bad_procedure_codes_are_refused_by_form_and_database(code):
    procedure = Procedure(code=code, name="Thủ tục")
    with pytest.raises(ValidationError):
        procedure.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Procedure.objects.create(code=code, name="Thủ tục")


def test_import_creates_then_is_idempotent_then_updates():
    first = services.import_procedures(content=CSV.encode(), filename="tthc.csv", apply=True)
    assert first.counts == {"create": 2, "update": 0, "unchanged": 0, "refuse": 0}
    again = services.import_procedures(content=CSV.encode(), filename="tthc.csv", apply=True)
    assert again.counts["unchanged"] == 2
    changed = CSV.replace("Đăng ký khai sinh", "Đăng ký khai sinh (liên thông)")
    assert services.import_procedures(content=changed.encode(), filename="tthc.csv", apply=True).counts["update"] == 1
    assert Procedure.objects.get(code="1.001193").name == "Đăng ký khai sinh (liên thông)"


def test_dry_run_writes_nothing():
    preview = services.import_procedures(content=CSV.encode(), filename="tthc.csv", apply=False)
    assert preview.counts["create"] == 2 and not Procedure.objects.exists()


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("1001612,Tên,,", "1.001612"),
        ("1.001612,,,", "Thiếu tên thủ tục"),
        ('=HYPERLINK("x"),Tên,,', "công thức"),
        ("1.000001,@cmd,,", "công thức"),
        ("1.000001,Tên,-1+2,", "công thức"),
        ("1.001193,Trùng mã,,", "dòng 3"),
        ("1.000001," + "x" * 600 + ",,", "quá dài"),
    ],
)
def test_bad_rows_are_refused_and_the_rest_imported(row, reason):
    preview = services.import_procedures(content=(CSV + row + "\n").encode(), filename="a.csv", apply=True)
    refused = [r for r in preview.rows if r.action == "refuse"]
    assert len(refused) == 1 and reason.lower() in " ".join(refused[0].reasons).lower()
    assert set(Procedure.objects.values_list("code", flat=True)) == {"1.001612", "1.001193"}


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "trống"), ("Mã,Tên\n1.001612,x\n".encode(), "không được hỗ trợ"), ("Mã TTHC\n1.001612\n".encode(), "thiếu")],
)
def test_unreadable_procedure_files_are_refused_whole(content, reason):
    preview = services.import_procedures(content=content, filename="a.csv", apply=True)
    assert reason in preview.refused_file.lower() and not Procedure.objects.exists()


def test_command(tmp_path):
    path = tmp_path / "tthc.csv"
    path.write_text(CSV + "bad,Tên,,\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_procedures", str(path), stdout=out)
    text = out.getvalue()
    assert "2 tạo mới" in text and "1 từ chối" in text and "dòng 4" in text
    assert Procedure.objects.count() == 2
    with pytest.raises(CommandError):
        call_command("import_procedures", str(tmp_path / "missing.csv"))


def test_a_warm_page_shows_a_renamed_or_retired_procedure_at_once(client, make_article, procedures):
    """The box is cached per page revision; a change to a procedure retires every cached box."""
    article = _link(make_article(), [procedures[0]], NewsArticleProcedure)
    assert "Đăng ký thường trú" in client.get(article.url).content.decode()
    procedures[0].name = "Đăng ký thường trú (trực tuyến toàn trình)"
    procedures[0].save()
    assert "Đăng ký thường trú (trực tuyến toàn trình)" in client.get(article.url).content.decode()
    procedures[0].is_active = False
    procedures[0].save()
    assert "Thủ tục liên quan" not in client.get(article.url).content.decode()


def test_default_portal_links_search_the_national_portal_by_code(settings):
    """The national portal's detail page (dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=N) takes
    its internal id, not the mã TTHC: the default searches by the code instead (docs/documents.md)."""
    from campaign_site.settings import base
    from documents.models import Procedure

    settings.DOCUMENTS_NATIONAL_PROCEDURE_URL = base.DOCUMENTS_NATIONAL_PROCEDURE_URL
    settings.DOCUMENTS_CITY_PROCEDURE_URL = base.DOCUMENTS_CITY_PROCEDURE_URL
    procedure = Procedure(code="1.001612", name="Đăng ký thường trú")
    assert procedure.national_url == "https://dichvucong.gov.vn/tim-kiem-thu-tuc-hanh-chinh?keyword=1.001612"
    assert "chi-tiet" not in procedure.national_url
    assert procedure.city_url == "https://dichvucong.hanoi.gov.vn/"
    settings.DOCUMENTS_NATIONAL_PROCEDURE_URL = ""  # unset in an old settings file: the same default
    assert procedure.national_url == "https://dichvucong.gov.vn/tim-kiem-thu-tuc-hanh-chinh?keyword=1.001612"
