"""A summary's text comes from its sanitised HTML without a second nh3 pass, and is exactly what
that second pass (html_to_text) gives, for generated and hostile HTML alike."""

from hypothesis import example, given, settings
from hypothesis import strategies as st

from campaign_site.sanitize import clean_feed_summary, clean_rich_text, html_to_text, sanitized_html_to_text

HTML_PIECES = st.sampled_from(
    ["<p>", "</p>", "<br>", "<br/>", "< br >", "<li>", "</li>", "<ul>", "</ul>", "<blockquote>", "</blockquote>",
     "<q cite=\"https://x.vn/?a>b\">", "</q>", "<a href=\"https://bao.vn/?a=1&b=2\" title='x > y \" z'>", "</a>",
     "<a href=javascript:alert(1)>", "<b>", "</b>", "<i>", "<u>", "<table><tr><td>", "</td></tr></table>",
     "<script>alert('<p>')</script>", "<style>p{}</style>", "<!-- <p> -->", "<![CDATA[x]]>", "<svg><p>",
     "<img src=x onerror=alert(1)>", "<div>", "</div>", "<pre>", "<textarea>", "</textarea>", "<title>",
     "<noscript><p>n</p></noscript>", "&amp;", "&lt;", "&gt;", "&nbsp;", "&quot;", "&#39;", "&#x3c;p&#x3e;",
     "&amp;lt;", "&bogus;", "&", "<", ">", "\"", "'", " ", "\n", "\r\n", "\t", "\x0c", "\0", "\x01", "\ufeff",
     "\u00a0", "\u200b", "Cải cách", "hành chính", "e\u0301", "text", "x", "=", "/", "<p class=\"a>b\">"]
)  # fmt: skip
NO_SURROGATES = st.characters(blacklist_categories=["Cs"])


def assert_same_text(raw):
    for sanitised in (clean_feed_summary(raw), clean_rich_text(raw)):
        assert sanitized_html_to_text(sanitised) == html_to_text(sanitised)


@settings(max_examples=4000, deadline=None)
@given(st.lists(HTML_PIECES, max_size=25).map("".join))
@example("<p>Một</p><p>hai<br>ba</p><ul><li>bốn</li></ul>")
@example('<a href="https://x.vn/a?b=>&c">liên kết</a> &amp;lt;b&amp;gt; &nbsp;')
def test_single_pass_text_equals_a_second_nh3_pass(raw):
    assert_same_text(raw)


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=NO_SURROGATES))
def test_single_pass_text_equals_a_second_nh3_pass_on_any_text(raw):
    assert_same_text(raw)


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.one_of(HTML_PIECES, st.text(alphabet=NO_SURROGATES, max_size=5)), max_size=20).map("".join))
def test_single_pass_text_equals_a_second_nh3_pass_on_mixed_input(raw):
    assert_same_text(raw)


def test_empty_summary_has_no_text():
    assert sanitized_html_to_text("") == ""
