"""Site identity edited in the admin: name, governing body, contact, footer, social links, and the
public-service links citizens come for (shown in the footer, on the home page and the contact page)."""

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="site")
class SiteIdentity(BaseSiteSetting):
    site_name = models.CharField(_("site name"), max_length=200, default="Cải cách hành chính Thành phố Hà Nội")
    governing_body = models.CharField(_("governing body"), max_length=200, default="Ủy ban nhân dân Thành phố Hà Nội")
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    email = models.EmailField(_("email"), blank=True)
    footer_text = models.TextField(_("footer text"), blank=True)
    facebook_url = models.URLField(_("Facebook page"), blank=True)
    zalo_url = models.URLField(_("Zalo official account"), blank=True)
    youtube_url = models.URLField(_("YouTube channel"), blank=True)
    site_description = models.CharField(
        _("site description"),
        max_length=300,
        blank=True,
        default=(
            "Tin tức, bản tin, mô hình điển hình, kế hoạch và khảo sát về cải cách hành chính của Thành phố Hà Nội."
        ),
        help_text=_("The meta description of pages that have none of their own (search engines, shared links)."),
    )
    hotline = models.CharField(_("hotline"), max_length=60, blank=True)
    office_hours = models.TextField(
        _("office hours"), blank=True, help_text=_("When the one-stop office receives citizens, one line per period.")
    )
    map_url = models.URLField(_("map link"), blank=True, help_text=_("A link to the office on a map."))
    national_portal_url = models.URLField(
        _("national public-service portal"), blank=True, default="https://dichvucong.gov.vn"
    )
    city_portal_url = models.URLField(_("city public-service portal"), blank=True)
    case_lookup_url = models.URLField(
        _("case lookup"), blank=True, help_text=_("Where citizens look up a case file by the code on their receipt.")
    )
    feedback_url = models.CharField(
        _("citizens' feedback page"),
        max_length=300,
        blank=True,
        help_text=_("An address on this site (/phan-anh/) or another; leave empty until the page exists."),
        validators=[
            RegexValidator(
                r"^(/(?!/)|https?://)", _("Give an address on this site starting with / or a full http(s):// address.")
            )
        ],
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("site_name"), FieldPanel("governing_body"), FieldPanel("site_description")],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("hotline"),
                FieldPanel("email"),
                FieldPanel("office_hours"),
                FieldPanel("map_url"),
            ],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("national_portal_url"),
                FieldPanel("city_portal_url"),
                FieldPanel("case_lookup_url"),
                FieldPanel("feedback_url"),
            ],
            heading=_("Public-service links"),
        ),
        FieldPanel("footer_text"),
        MultiFieldPanel(
            [FieldPanel("facebook_url"), FieldPanel("zalo_url"), FieldPanel("youtube_url")],
            heading=_("Social links"),
        ),
    ]

    class Meta:
        verbose_name = _("site identity")
        constraints = [
            # A path on this site or a web address: never "//host" or "javascript:" in a footer link.
            models.CheckConstraint(
                condition=models.Q(feedback_url="")
                | (models.Q(feedback_url__startswith="/") & ~models.Q(feedback_url__startswith="//"))
                | models.Q(feedback_url__startswith="http://")
                | models.Q(feedback_url__startswith="https://"),
                name="site_identity_feedback_url_local_or_web",
            )
        ]
