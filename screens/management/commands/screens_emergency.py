"""Send an emergency message to the screens of a unit and everything under it (for drills and demos)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from campaign_site.models import AdministrativeUnit
from screens import services


class Command(BaseCommand):
    help = "Send an emergency message to every screen of a unit and the units under it."

    def add_arguments(self, parser):
        parser.add_argument("title")
        parser.add_argument("--text", default="")
        parser.add_argument("--unit", default="01", help="Unit code (default: 01, the city).")
        parser.add_argument("--minutes", type=int, default=5)
        parser.add_argument("--user", default="canbo.thongtin", help="A city information officer.")

    def handle(self, *args, title, text, unit, minutes, user, **options):
        target = AdministrativeUnit.objects.filter(code=unit).first()
        sender = get_user_model().objects.filter(username=user).first()
        if target is None or sender is None:
            raise CommandError("Unknown unit code or user.")
        if not 1 <= minutes <= 24 * 60:
            raise CommandError("--minutes must be between 1 and 1440.")
        try:
            message = services.send_emergency(user=sender, title=title, text=text, target_unit=target, minutes=minutes)
        except (PermissionDenied, ValidationError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Emergency message {message.pk} on screens of {target.name} until {message.ends_at}.")
