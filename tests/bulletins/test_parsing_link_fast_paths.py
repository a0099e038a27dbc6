"""canonical_link answers plain absolute links and plain rooted links (joined to a plain base) without
urljoin, urlsplit and urlunsplit: it must give exactly what it gave before, for those and for
everything that looks almost like them."""

from urllib.parse import urlsplit

from hypothesis import example, given, settings
from hypothesis import strategies as st

from bulletins import parsing
from tests.bulletins import reference_parsing as reference

SCHEMES = ["https://", "http://", "HTTP://", "hTtPs://", "ftp://", "https:", "https:/", "//", "", "httpſ://"]
HOSTS = ["bao.vn", "BAO.Example.VN", "x", ".", "-", "a..b", "", "u@bao.vn", "bao.vn:443", "bao.vn:", "[::1]", "[x",
         "bão.vn", "\u212abao.vn", "ba o.vn", "bao.vn\t", "bao.vn%41", "bao.vn:99999", "bao.vn:x",
         "bao.vn:0"]  # fmt: skip
SEGMENTS = ["a", "Tin", "1.jpg", ".", "..", "", ".a", "a.", "%20", "%2e%2e", "a@b:c", "!$&'()*+,=~_-", ";p", "?",
            "?q=1", "#f", "?utm_source=x", "a b", "đ", "[", "]", "\\", "|", "^", "`", "{", "\u00a0", "ſ"]  # fmt: skip
BASES = ["", "https://bao.example.vn/rss", "HTTP://Bao.Example.VN/a/b;p?q=1#f", "https://x.vn", "https://x.vn?q",
         "https://x.vn#f", "https://x.vn:8443/", "https://u@X.vn/r", "https:///r", "https://", "ftp://x.vn/", "//x.vn/",
         "https://x.vn/a b", "https://x.vn/\u00a0", "https://x.vn/[a]", "https://[::1]/", "https://ſ.vn/",
         "https://x.vn\t/", "https://x.vn/%", "x.vn/rss", "/rss"]  # fmt: skip

PATHS = st.lists(st.sampled_from(SEGMENTS), max_size=6).map(lambda segments: "".join("/" + s for s in segments))
LINKS = st.one_of(
    st.builds("{}{}{}".format, st.sampled_from(SCHEMES), st.sampled_from(HOSTS), PATHS),
    PATHS,
    st.builds("{}{}".format, PATHS, st.sampled_from(["", "/", "//", " ", "\t", "\n"])),
    st.builds("{}{}".format, st.sampled_from([" ", "\t", "\u00a0", "\ufeff", "\x00"]), PATHS),
)


@settings(max_examples=3000, deadline=None)
@given(st.one_of(LINKS, st.text(max_size=40)), st.one_of(st.sampled_from(BASES), st.text(max_size=30)))
@example("//[x", "https://bao.example.vn/rss")
@example("a/b", "https://[")
@example("/x", "https://[")
@example("https://bao.vn:99999/a", "")
@example("x", "http://[::1]:99999/")
def test_canonical_link_never_raises_and_gives_a_usable_link_or_nothing(value, base):
    link = parsing.canonical_link(value, base)
    if link:
        parts = urlsplit(link)
        assert parts.scheme in {"http", "https"} and parts.hostname
        assert parts.port is None or 0 <= parts.port <= 65535  # reading it raises for an impossible port
        assert not parts.fragment and len(link) <= parsing.MAX_URL


@settings(max_examples=5000, deadline=None)
@given(LINKS, st.sampled_from(BASES))
@example("https://bao.vn", "")
@example("/a", "https://x.vn")
@example("/a/", "https://x.vn")
@example("/" + "a" * 999, "https://x.vn")
@example("https://bao.vn/" + "a" * 985, "")
@example("/\u212a", "https://x.vn")
@example("https://\u212a.vn/a", "")
def test_canonical_link_equals_the_reference(value, base):
    assert parsing.canonical_link(value, base) == reference.canonical_link(value, base)


def test_every_combination_equals_the_reference():
    paths = ["", "/", "/a", "/a/", "/Tin/1.jpg", "//a", "/./a", "/a/../b", "/.a", "/a/.", "/a;p", "/a?q",
             "/a#f", "/a?utm_source=x&id=1", "/%2e%2e/a", "/a@b:c!$&'()*+,=~_-", "/a b", "/đ", "/[a]",
             "/a\\b", "/\u212a"]  # fmt: skip
    links = [f"{s}{h}{p}" for s in SCHEMES for h in HOSTS for p in paths] + paths + [p.lstrip("/") for p in paths]
    fast = 0
    for base in BASES:
        for link in links:
            assert parsing.canonical_link(link, base) == reference.canonical_link(link, base)
            fast += bool(
                parsing._PLAIN_ABSOLUTE.fullmatch(link)
                or (parsing._plain_origin(base) and parsing._PLAIN_ROOTED.fullmatch(link))
            )
    assert fast > 2000  # the fast paths are among what is compared, not only the ways around them
