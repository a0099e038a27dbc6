"""The sanitisers are nh3.Cleaner objects built once: each gives exactly what `nh3.clean` with the same
options (the way they were called before) gives, for generated and hostile HTML alike."""

import html
from concurrent.futures import ThreadPoolExecutor

import nh3
from hypothesis import example, given, settings
from hypothesis import strategies as st

from campaign_site import sanitize
from campaign_site.text import clean_line, nfc


def reference_clean(value, *, tags, attributes, link_rel=sanitize.LINK_REL):
    return nh3.clean(
        nfc(value or ""),
        tags=set(tags),
        attributes={tag: set(names) for tag, names in attributes.items()},
        url_schemes=set(sanitize.URL_SCHEMES),
        link_rel=link_rel,
        clean_content_tags=set(sanitize.DROPPED_WITH_CONTENT),
        strip_comments=True,
    ).strip()


def reference_rich_text(value):
    return reference_clean(value, tags=sanitize.RICH_TEXT_TAGS, attributes=sanitize.BASE_ATTRIBUTES)


def reference_feed_summary(value):
    return reference_clean(
        value,
        tags=sanitize.FEED_SUMMARY_TAGS,
        attributes=sanitize.FEED_SUMMARY_ATTRIBUTES,
        link_rel=f"{sanitize.LINK_REL} nofollow",
    )


def reference_embed(value):
    return nh3.clean(
        value or "",
        tags=set(sanitize.EMBED_TAGS),
        attributes={tag: set(names) for tag, names in sanitize.EMBED_ATTRIBUTES.items()},
        url_schemes={"https"},
        link_rel=sanitize.LINK_REL,
    )


def reference_html_to_text(value):
    if not value:
        return ""
    spaced = sanitize._BLOCK_END.sub(" ", value)
    return clean_line(html.unescape(nh3.clean(spaced, tags=set(), clean_content_tags={"script", "style"})))


PAIRS = [
    (sanitize.clean_rich_text, reference_rich_text),
    (sanitize.clean_feed_summary, reference_feed_summary),
    (sanitize.clean_embed, reference_embed),
]


def outcome(function, value):
    try:
        return function(value)
    except UnicodeError as error:  # a lone surrogate: nh3 refuses it either way
        return type(error)


def assert_same(value):
    for fast, reference in PAIRS:
        assert outcome(fast, value) == outcome(reference, value), (fast.__name__, value)
    assert outcome(sanitize.html_to_text, value) == outcome(reference_html_to_text, value)


HTML_PIECES = st.sampled_from(
    ["<p>", "</p>", "<br>", "<h3>", "</h3>", "<h4>", "<h2>", "<li>", "</li>", "<ul>", "<ol>", "<blockquote>",
     "</blockquote>", "<q cite=\"https://x.vn/q\">", "<q cite=\"javascript:x\">", "</q>", "<cite>", "<u>",
     "<a href=\"https://bao.vn/?a=1&b=2\" title='x > y \" z'>", "<a href=\"mailto:a@b.vn\">", "<a href=\"/tin\">",
     "<a href=javascript:alert(1)>", "<a href=\"ftp://x\">", "<a rel=\"me\" target=\"_blank\">", "</a>", "<b>",
     "<strong>", "<em>", "<i>", "<sub>", "<sup>", "<table><tr><td>", "</td></tr></table>",
     "<iframe src=\"https://www.youtube.com/embed/x\" width=\"560\" allowfullscreen loading=\"lazy\">",
     "<iframe src=\"http://x.vn\" onload=\"x()\">", "</iframe>", "<div class=\"embed\">", "</div>",
     "<script>alert('<p>')</script>", "<style>p{}</style>", "<!-- <p> -->", "<![CDATA[x]]>", "<svg><p>",
     "<img src=x onerror=alert(1)>", "<form><input></form>", "<object>o</object>", "<embed>", "<noscript>n",
     "<template>t</template>", "<textarea>", "</textarea>", "<title>", "&amp;", "&lt;", "&gt;", "&nbsp;",
     "&quot;", "&#39;", "&#x3c;p&#x3e;", "&bogus;", "&", "<", ">", "\"", "'", " ", "\n", "\r\n", "\t", "\0",
     "\x01", "\ufeff", "\u00a0", "Cải cách", "e\u0301", "\ud800", "text", "=", "/"]
)  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(st.lists(HTML_PIECES, max_size=25).map("".join))
@example("")
@example('<p>Một <a href="https://x.vn/">hai</a></p><script>x</script><iframe src="https://y.vn/e"></iframe>')
def test_cleaners_equal_nh3_clean_with_the_same_options(value):
    assert_same(value)


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.one_of(HTML_PIECES, st.text(max_size=5)), max_size=20).map("".join))
def test_cleaners_equal_nh3_clean_on_mixed_input(value):
    assert_same(value)


def test_none_is_empty():
    for fast, reference in PAIRS:
        assert fast(None) == reference(None) == ""


def test_the_shared_cleaners_serve_several_threads_at_once():
    """One Cleaner of each kind serves every request thread (gunicorn's threads share the module)."""
    values = [f"<p>Tin {i} <script>x</script><a href='https://x.vn/{i}'>a</a></p>" * 50 for i in range(400)]
    with ThreadPoolExecutor(8) as pool:
        cleaned = list(pool.map(sanitize.clean_feed_summary, values))
    assert cleaned == [reference_feed_summary(value) for value in values]
