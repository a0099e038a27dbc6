"""Build the demo site from nothing; safe to run again (it updates rather than duplicates)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from campaign_site import demo
from campaign_site.access.roles import ensure_roles
from campaign_site.demo_loaders import demo_loaders


class Command(BaseCommand):
    help = "Load idempotent demo content for every app and print the demo logins."

    def handle(self, *args, **options):
        home, units = demo.load()
        extra_lines: list[str] = []
        for loader in demo_loaders():
            self.stdout.write(f"Demo: {loader.label}…")
            extra_lines.extend(loader.load(home=home, units=units, stdout=self.stdout) or [])
        ensure_roles(root_page=home)  # again, now that every app's permissions exist
        demo.move_glossary_last(home)
        # Page indexing is queued as background tasks; build the index now so search works at once.
        call_command("update_index", verbosity=0)

        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
        self.stdout.write("")
        self.stdout.write("  Site:  http://127.0.0.1:8000/")
        self.stdout.write("  Admin: http://127.0.0.1:8000/admin/")
        self.stdout.write("")
        self.stdout.write("  Demo logins (username / password — role, unit):")
        for user in demo.DEMO_USERS:
            role = user.role or "superuser"
            unit = (user.unit_code and units[user.unit_code].name) or "—"
            self.stdout.write(f"    {user.username:18} / {user.password:22} {role}, {unit}")
        for line in extra_lines:
            self.stdout.write(f"  {line}")
