"""Site-wide middleware: page cache, security headers, login rate limit, database outages.

Order in settings.MIDDLEWARE (outermost first): SecurityMiddleware, WhiteNoise, CSPMiddleware,
SecurityHeadersMiddleware, PageCacheMiddleware, then sessions, auth... A cache hit is answered before
sessions or the database are touched, and still gets the CSP and security headers.
"""

import codecs
import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext_lazy

from campaign_site import cache as page_cache
from campaign_site import conf, security

logger = logging.getLogger(__name__)


class RequestCharsetMiddleware:
    """400 for a NUL character in the address, and for a request body whose declared charset
    Python cannot decode text with.

    Django accepts any charset `codecs.lookup` knows, including bytes-to-bytes codecs ("rot13",
    "base64", "hex"), whose decode() raises LookupError, and "punycode", which raises UnicodeError,
    while the CSRF check reads the form, and again inside the error handler: a 500. Near the top of
    the stack, so nothing reads the body before this check.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info or "%00" in request.META.get("QUERY_STRING", ""):
            # PostgreSQL cannot store or compare a NUL character: refuse it before any query does.
            return _bad_request(gettext_lazy("The address contains a character this site cannot read."))
        charset = request.content_params.get("charset") if hasattr(request, "content_params") else None
        if charset and not _decodes_text(charset):
            logger.info("Refused a request body in charset %r", charset[:40])
            return _bad_request(
                gettext_lazy("The request declares a character set this site cannot read. Please send it as UTF-8.")
            )
        return self.get_response(request)


def _bad_request(message) -> HttpResponse:
    # Outside LocaleMiddleware: in the site's language, whatever the thread last used.
    with translation.override(settings.LANGUAGE_CODE):
        response = HttpResponse(str(message), status=400, content_type="text/plain; charset=utf-8")
    add_never_cache_headers(response)
    return response


# Text encodings whose decode errors are UnicodeDecodeError (which Django recovers from); browsers
# send UTF-8, a few old forms the Windows Western or Vietnamese code pages.
TEXT_CHARSETS = frozenset(
    {"utf-8", "utf-8-sig", "ascii", "iso8859-1", "cp1252", "cp1258", "utf-16", "utf-16-le", "utf-16-be"}
)


def _decodes_text(charset: str) -> bool:
    try:
        return codecs.lookup(charset).name in TEXT_CHARSETS
    except (LookupError, ValueError):
        return False


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(request, "is_dummy", False):
            # Wagtail's preview renders a draft through a fake request to the page's public URL:
            # never answer it from the cache, never store it.
            response = self.get_response(request)
            page_cache.mark_private(response)
            return response
        state = None
        if page_cache.enabled() and page_cache.request_is_cacheable(request):
            cached, state = page_cache.lookup(request)
            if cached is not None:
                return cached
        response = self.get_response(request)
        return self.finish(request, response, state)

    def finish(self, request, response, state):
        if page_cache.is_admin_path(request.path):
            page_cache.mark_private(response)
            return response
        options = page_cache.options_for(request, response)
        if (
            options is not None
            and options.timeout > 0
            and page_cache.request_is_cacheable(request)
            and page_cache.response_is_cacheable(request, response)
        ):
            page_cache.mark_public(response, options.timeout)
            if state is not None and request.method == "GET" and page_cache.store(request, response, state, options):
                response["X-Cache"] = "MISS"
            return response
        explicit = page_cache.cache_control_directives(response)
        if settings.SESSION_COOKIE_NAME in request.COOKIES and "public" not in explicit:
            page_cache.mark_private(response)  # a signed-in user's answer stays in their browser only
        elif (response.cookies or "HTTP_AUTHORIZATION" in request.META) and not explicit:
            patch_cache_control(response, private=True)
        return response


class SecurityHeadersMiddleware:
    """Adjusts the Content-Security-Policy that CSPMiddleware (outside this one) writes:
    the Wagtail and Django admins and Wagtail's previews get ADMIN_CSP_REPLACE (inline scripts; the
    editor frames its own previews); a view marked `xframe_options_exempt` (the screen player) may be framed anywhere.
    Also sends Permissions-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        replace = dict(getattr(response, "_csp_replace", None) or {})
        # Previews are fake requests to the public URL, rendered inside the admin's frame.
        if page_cache.is_admin_path(request.path) or getattr(request, "is_dummy", False):
            replace = {**conf.admin_csp_replace(), **replace}
        if getattr(response, "xframe_options_exempt", False):
            replace["frame-ancestors"] = None
        if replace:
            response._csp_replace = replace
        policy = conf.permissions_policy()
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response


class LoginRateLimitMiddleware:
    """429 for a password POST to a login view once the IP or the username has tried too often.
    Each attempt is counted here, before the password is checked; a success gives it back
    (the `user_logged_in` signal, campaign_site.signal_handlers)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if request.method != "POST" or match is None or match.view_name not in security.LOGIN_VIEW_NAMES:
            return None
        retry_after = security.count_login_attempt(request, request.POST.get("username", ""))
        if retry_after is not None:
            return security.too_many_login_attempts(request, retry_after)
        return None


class DatabaseUnavailableMiddleware:
    """A lost database answers 503 with the friendly error page (and Retry-After), not a traceback;
    the next request reconnects by itself (CONN_HEALTH_CHECKS)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if settings.DEBUG or not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable while serving %s", request.path, exc_info=exception)
        response = HttpResponse(render_to_string("500.html"), status=503)
        response["Retry-After"] = "30"
        add_never_cache_headers(response)
        return response


class PathLanguageMiddleware(MiddlewareMixin):
    """The language of a request is read from its address alone: /en/… is English, every other
    address the site's language (Vietnamese), whatever the browser's Accept-Language or a cookie say.

    Django's LocaleMiddleware would read the header for addresses outside i18n_patterns and add
    `Vary: Accept-Language`, so a CDN would keep one copy of every Vietnamese page per browser
    language; here an address has exactly one answer, which is what the page cache keys on.
    (process_request/process_response, so the screens' 304 fast path can finish its answer with it.)
    """

    def process_request(self, request):
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language

    def process_response(self, request, response):
        response.headers.setdefault("Content-Language", getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE))
        return response
