"""Create or update the staff roles, their permissions and the approval workflow (every deploy)."""

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from campaign_site.access.roles import ensure_roles


class Command(BaseCommand):
    help = "Create or update the role groups, their permissions and the moderation workflow; idempotent."

    def handle(self, *args, **options):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            raise CommandError("There is no default Wagtail site yet: create one (or run load_demo_data) first.")
        groups = ensure_roles(root_page=site.root_page)
        self.stdout.write(f"Roles ready on “{site.root_page.title}”: " + ", ".join(sorted(groups)))
