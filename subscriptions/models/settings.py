"""How the site's mail looks and when the bulletin goes out, edited by officers in the admin."""

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="mail")
class MailSettings(BaseSiteSetting):
    from_name = models.CharField(_("sender name"), max_length=120, default="Bản tin Cải cách hành chính")
    reply_to = models.EmailField(_("reply-to address"), blank=True)
    bulletin_send_time = models.TimeField(
        _("bulletin send time"),
        default=dt.time(7, 30),
        help_text=_("A bulletin published before this time of its day is sent at this time; later, at once."),
    )
    send_corrections = models.BooleanField(
        _("offer correction mails"),
        default=True,
        help_text=_('Allow a "đính chính" mail when a sent bulletin is corrected.'),
    )
    weekly_digest_weekday = models.PositiveSmallIntegerField(
        _("weekly digest day"),
        default=0,
        choices=[
            (0, _("Monday")),
            (1, _("Tuesday")),
            (2, _("Wednesday")),
            (3, _("Thursday")),
            (4, _("Friday")),
            (5, _("Saturday")),
            (6, _("Sunday")),
        ],
    )

    panels = [
        MultiFieldPanel([FieldPanel("from_name"), FieldPanel("reply_to")], heading=_("Sender")),
        MultiFieldPanel(
            [FieldPanel("bulletin_send_time"), FieldPanel("send_corrections"), FieldPanel("weekly_digest_weekday")],
            heading=_("Delivery"),
        ),
    ]

    class Meta:
        verbose_name = _("mail settings")
