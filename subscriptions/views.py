"""Public pages: sign up, confirm, manage choices, unsubscribe (also RFC 8058 one-click)."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from campaign_site.security import client_ip_hash

from . import services, tokens
from .forms import ChoicesForm, SubscribeForm
from .models.subscribers import Status


def _message(request, *, title: str, text: str, status: int = 200, kind: str = "info"):
    return render(request, "subscriptions/message.html", {"title": title, "text": text, "kind": kind}, status=status)


def _bad_link(request, error: tokens.BadLink):
    return _message(request, title=_("This link cannot be used"), text=error.message, status=400, kind="error")


# The form sits on cached pages (footer, bulletins, news), which carry no CSRF token. A forged
# sign-up can only send one confirmation mail, within the per-address and per-IP caps, and nothing is
# delivered before the owner of the address clicks the link: double opt-in is the protection here.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request):
    if request.method == "GET":
        initial = {key: request.GET.getlist(key) for key in ("categories", "units") if request.GET.getlist(key)}
        return render(request, "subscriptions/subscribe.html", {"form": SubscribeForm(initial=initial)})
    form = SubscribeForm(request.POST)
    if form.is_valid() and form.cleaned_data.get("website"):
        return _message(
            request,
            title=_("Check your mailbox"),
            text=_("If the address is right, a confirmation e-mail is on its way."),
        )
    if not form.is_valid():
        return render(request, "subscriptions/subscribe.html", {"form": form}, status=400)
    try:
        services.subscribe(
            email=form.cleaned_data["email"],
            choices=form.choices(),
            client_key=client_ip_hash(request, purpose="subscriptions"),
        )
    except services.SignupRefused as refusal:
        return render(
            request, "subscriptions/subscribe.html", {"form": form, "error": refusal.message}, status=refusal.status
        )
    return _message(
        request,
        title=_("Check your mailbox"),
        text=_(
            "We have sent a confirmation link to %(email)s. Nothing will be sent to you until you open it. "
            "The link is valid for %(hours)s hours."
        )
        % {"email": form.cleaned_data["email"].strip(), "hours": tokens_hours()},
        kind="success",
    )


def tokens_hours() -> int:
    from . import conf

    return conf.confirm_max_age() // 3600


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """GET shows a button (mail scanners that open links confirm nothing); POST confirms."""
    try:
        subscriber = tokens.read_token(token, tokens.CONFIRM)
    except tokens.BadLink as error:
        return _bad_link(request, error)
    if request.method == "GET" and subscriber.status != Status.ACTIVE:
        return render(request, "subscriptions/confirm.html", {"subscriber": subscriber})
    services.confirm(subscriber=subscriber)
    manage = reverse("subscriptions:manage", args=[tokens.make_token(subscriber, tokens.MANAGE)])
    return render(request, "subscriptions/confirmed.html", {"subscriber": subscriber, "manage_url": manage})


@never_cache
@require_http_methods(["GET", "POST"])
def manage(request, token: str):
    try:
        subscriber = tokens.read_token(token, tokens.MANAGE)
    except tokens.BadLink as error:
        return _bad_link(request, error)
    if subscriber.status in (Status.UNSUBSCRIBED, Status.INACTIVE):
        return _message(
            request,
            title=_("You are not subscribed"),
            text=_("This address receives nothing from us. To receive mail again, sign up on the site."),
        )
    initial = {
        "wants_bulletin": subscriber.wants_bulletin,
        "digest": subscriber.digest,
        "categories": list(subscriber.categories.all()),
        "units": list(subscriber.units.all()),
    }
    form = ChoicesForm(request.POST or None, initial=initial)
    context = {"form": form, "subscriber": subscriber, "token": token}
    if request.method == "POST":
        if "unsubscribe" in request.POST:
            services.unsubscribe(subscriber=subscriber)
            return _unsubscribed(request)
        if not form.is_valid():
            return render(request, "subscriptions/manage.html", context, status=400)
        try:
            services.update_choices(subscriber=subscriber, choices=form.choices())
        except services.SignupRefused as refusal:
            context["error"] = refusal.message
            return render(request, "subscriptions/manage.html", context, status=400)
        context["saved"] = True
    return render(request, "subscriptions/manage.html", context)


def _unsubscribed(request):
    return _message(
        request,
        title=_("You have unsubscribed"),
        text=_("We will send you nothing more. Your address will be deleted after the grace period."),
        kind="success",
    )


# RFC 8058: mail providers POST "List-Unsubscribe=One-Click" to this address without any cookie or
# token of ours; the signed link itself is the proof. GET only shows a button (link scanners).
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    try:
        subscriber = tokens.read_token(token, tokens.MANAGE)
    except tokens.BadLink as error:
        return _bad_link(request, error)
    if request.method == "GET":
        return render(request, "subscriptions/unsubscribe.html", {"subscriber": subscriber, "token": token})
    services.unsubscribe(subscriber=subscriber)
    return _unsubscribed(request)
