"""Display profiles: what a kind of panel can show (pixel size, text lines, how many characters)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaign_site.text import clean_line


class ProfileKind(models.TextChoices):
    LED_TEXT = "led_text", _("LED text panel")
    LED_TICKER = "led_ticker", _("LED wide ticker")
    TV_LANDSCAPE = "tv_landscape", _("TV, landscape")
    TV_PORTRAIT = "tv_portrait", _("TV, portrait")


class DisplayProfile(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ProfileKind.choices)
    width_px = models.PositiveIntegerField(
        _("width (pixels)"), validators=[MinValueValidator(16), MaxValueValidator(7680)]
    )
    height_px = models.PositiveIntegerField(
        _("height (pixels)"), validators=[MinValueValidator(8), MaxValueValidator(7680)]
    )
    text_lines = models.PositiveSmallIntegerField(
        _("text lines"), default=1, validators=[MinValueValidator(1), MaxValueValidator(40)]
    )
    max_title_chars = models.PositiveSmallIntegerField(
        _("maximum title length"),
        validators=[MinValueValidator(4)],
        help_text=_("Longest title, in characters, this panel shows legibly."),
    )
    max_text_chars = models.PositiveIntegerField(
        _("maximum text length"),
        validators=[MinValueValidator(0)],
        help_text=_("Longest text, in characters, this panel shows legibly; longer messages are refused."),
    )

    class Meta:
        ordering = ["width_px", "height_px", "name"]
        verbose_name = _("display profile")
        verbose_name_plural = _("display profiles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(width_px__gte=16, height_px__gte=8, max_title_chars__gte=4),
                name="screens_profile_sane_size",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.width_px}×{self.height_px})"

    def save(self, *args, **kwargs):
        self.name = clean_line(self.name)
        super().save(*args, **kwargs)

    @property
    def is_led(self) -> bool:
        return self.kind in {ProfileKind.LED_TEXT, ProfileKind.LED_TICKER}

    @property
    def shows_images(self) -> bool:
        return not self.is_led

    @property
    def rendition_spec(self) -> str:
        return f"max-{self.width_px}x{self.height_px}"
