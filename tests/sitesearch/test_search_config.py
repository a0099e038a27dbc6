"""The project's search backend must keep short Vietnamese syllables on PostgreSQL."""

from django.conf import settings


def test_project_search_config_keeps_vietnamese_syllables():
    # PostgreSQL's default (English) configuration drops "so", "to", "do", "no"... as stop words.
    assert settings.WAGTAILSEARCH_BACKENDS["default"].get("SEARCH_CONFIG") == "simple"
