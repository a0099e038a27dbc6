"""EMAIL_URL and EMAIL_* settings; the subscribe box on shared pages; Wagtail's workflow mail with
the server down."""

import pytest

from campaign_site.settings.email import email_settings_from_env, parse_email_url

SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.parametrize(
    "url,expected",
    [
        (
            "smtp://user:p%40ss@mail.hanoi.gov.vn:587?tls=1",
            {
                "EMAIL_HOST": "mail.hanoi.gov.vn",
                "EMAIL_PORT": 587,
                "EMAIL_HOST_USER": "user",
                "EMAIL_HOST_PASSWORD": "p@ss",
                "EMAIL_USE_TLS": True,
                "EMAIL_USE_SSL": False,
            },
        ),
        ("smtps://u:p@mail.example.vn", {"EMAIL_PORT": 465, "EMAIL_USE_SSL": True, "EMAIL_USE_TLS": False}),
        (
            "smtp://127.0.0.1:1025",
            {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": 1025, "EMAIL_HOST_USER": "", "EMAIL_USE_TLS": False},
        ),
        ("smtp://mail.example.vn?timeout=3", {"EMAIL_PORT": 25, "EMAIL_TIMEOUT": 3.0}),
        ("console://", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
        (
            "file:///var/tmp/thu",
            {"EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend", "EMAIL_FILE_PATH": "/var/tmp/thu"},
        ),
    ],
)
def test_email_url(url, expected):
    config = parse_email_url(url)
    for key, value in expected.items():
        assert config[key] == value, key


@pytest.mark.parametrize("url", ["http://mail.example.vn", "smtpx://a", "mail.example.vn:25"])
def test_unknown_email_url_schemes_are_refused(url):
    with pytest.raises(ValueError, match="EMAIL_URL"):
        parse_email_url(url)


def test_separate_variables_and_the_console_default():
    config = email_settings_from_env(
        {
            "EMAIL_HOST": "smtp.example.vn",
            "EMAIL_PORT": "2525",
            "EMAIL_USE_TLS": "true",
            "DEFAULT_FROM_EMAIL": "cchc@example.vn",
        }
    )
    assert config["EMAIL_BACKEND"] == SMTP and config["EMAIL_PORT"] == 2525 and config["EMAIL_USE_TLS"] is True
    assert config["DEFAULT_FROM_EMAIL"] == "cchc@example.vn" and config["EMAIL_TIMEOUT"] == 10
    default = email_settings_from_env({})
    assert default["EMAIL_BACKEND"].endswith("console.EmailBackend")
    url_wins = email_settings_from_env({"EMAIL_URL": "smtp://a.example.vn", "EMAIL_HOST": "b.example.vn"})
    assert url_wins["EMAIL_HOST"] == "a.example.vn"


def test_the_footer_carries_the_subscribe_form(client, home):
    html = client.get("/").content.decode()
    footer = html.split("<footer", 1)[1]
    assert 'action="/nhan-tin/"' in footer and 'name="email"' in footer and "Đăng ký" in footer


def test_bulletin_pages_and_news_index_carry_it(client, home, make_bulletin, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    from news.models import Category, NewsIndexPage

    bulletin = make_bulletin()
    html = client.get(bulletin.url).content.decode()
    assert html.count('action="/nhan-tin/"') == 2  # the issue and the footer
    assert client.get(bulletin.get_parent().url).content.decode().count('action="/nhan-tin/"') == 2
    index = home.add_child(instance=NewsIndexPage(title="Tin cải cách", slug="tin-tuc"))
    index.save_revision().publish()
    category = Category.objects.create(name="Chuyển đổi số", slug="chuyen-doi-so")
    topical = client.get(f"{index.url}?category=chuyen-doi-so").content.decode()
    assert f'name="categories" value="{category.pk}"' in topical and 'name="digest" value="daily"' in topical
    assert "Nhận tin “Chuyển đổi số” qua thư điện tử" in topical


def test_workflow_mail_with_the_server_down_does_not_break_submitting(client, smtp_down, ward_editor, approver, home):
    """#15/13: Wagtail's moderation mails go through the same SMTP settings; a dead server is logged."""
    from news.models import NewsArticlePage, NewsIndexPage

    index = home.add_child(instance=NewsIndexPage(title="Tin", slug="tin"))
    index.save_revision().publish()
    approver.email = "duyet@example.vn"
    approver.save()
    client.force_login(ward_editor)
    response = client.post(
        f"/admin/pages/add/news/newsarticlepage/{index.pk}/",
        {
            "title": "Phường Tây Hồ tiếp nhận hồ sơ trực tuyến",
            "slug": "tay-ho-truc-tuyen",
            "lead": "Tóm tắt.",
            "body-count": "0",
            "units": [ward_editor.officer_profile.unit.pk],
            "action-submit": "1",
            "tags": "",
        },
    )
    assert response.status_code in (200, 302)
    assert response.status_code != 500
    page = NewsArticlePage.objects.filter(slug="tay-ho-truc-tuyen").first()
    if page is not None:
        assert page.workflow_in_progress or not page.live
