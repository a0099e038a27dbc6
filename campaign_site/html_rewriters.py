"""Steps that rewrite the HTML of rendered text (article bodies, bulletin items, plan texts), which
other apps contribute without the rendering code knowing them:

    @hooks.register(HTML_REWRITERS_HOOK)
    def link_legal_references():
        return HtmlRewriter(order=10, rewrite=linking.link_references)

`rewrite(html) -> html` gets and returns trusted HTML and must leave markup it does not own alone.
Rendering code calls `rewrite_html(html)`; templates use `{% filter rewrite_html %}…{% endfilter %}`.
"""

from collections.abc import Callable
from dataclasses import dataclass

from wagtail import hooks

HTML_REWRITERS_HOOK = "campaign_html_rewriters"


@dataclass(frozen=True)
class HtmlRewriter:
    order: int
    rewrite: Callable[[str], str]


def rewrite_html(html: str) -> str:
    for rewriter in sorted((provide() for provide in hooks.get_hooks(HTML_REWRITERS_HOOK)), key=lambda r: r.order):
        html = rewriter.rewrite(html)
    return html
