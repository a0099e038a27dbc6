"""django-csp's middleware with its policy headers remembered.

django-csp rebuilds both policy headers from the settings on every response: about a fifth of the
time of a page-cache hit. Without a nonce a header depends only on the settings and the response's
`_csp_*` overrides, so each combination is built once per process and reused; a response whose
page used a nonce is built as before. The memo is emptied whenever a setting changes (tests).
"""

from __future__ import annotations

from dataclasses import asdict

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.core.signals import setting_changed

MAX_POLICIES = 256  # the site has a handful of override combinations; a bound all the same
_policies: dict[tuple, str] = {}


def _forget(**kwargs) -> None:
    _policies.clear()


setting_changed.connect(_forget, dispatch_uid="campaign_site.csp.forget")


def _frozen(value):
    if isinstance(value, dict):
        return tuple(sorted((str(key), _frozen(item)) for key, item in value.items()))
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(_frozen(item) for item in value)
    return value


def policy(parts: PolicyParts, *, report_only: bool) -> str:
    if parts.nonce is not None:
        return build_policy(**asdict(parts), report_only=report_only)
    key = (report_only, _frozen(parts.config), _frozen(parts.update), _frozen(parts.replace))
    built = _policies.get(key)
    if built is None:
        built = build_policy(**asdict(parts), report_only=report_only)
        if len(_policies) < MAX_POLICIES:
            _policies[key] = built
    return built


class CachedPolicyCSPMiddleware(CSPMiddleware):
    """`csp.middleware.CSPMiddleware` (django-csp 4), building each header through `policy`."""

    def process_response(self, request, response):
        # The parent's behaviour, with `build_policy` replaced by the memo (and the debug
        # exemption for 404/500 pages kept).
        from csp.constants import HEADER, HEADER_REPORT_ONLY
        from django.conf import settings

        if response.status_code in (404, 500) and settings.DEBUG:
            return response
        for report_only, header, exempt, setting in (
            (False, HEADER, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
            (True, HEADER_REPORT_ONLY, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
        ):
            parts = self.get_policy_parts(request=request, response=response, report_only=report_only)
            value = policy(parts, report_only=report_only)
            if not value or header in response or getattr(response, exempt, False) is not False:
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES", None) or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = value
        if getattr(request, "_csp_nonce", None) is None:
            # As the parent: a nonce asked for after the header is written is an error, not a silent gap.
            from csp.middleware import CheckableLazyObject

            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
