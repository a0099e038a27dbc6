from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from bulletins import services


class Command(BaseCommand):
    help = _("Add feed sources from an OPML file (feeds already known are left alone).")

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help=_("the OPML file"))
        parser.add_argument("--dry-run", action="store_true", help=_("only say what would be added"))

    def handle(self, *args, file: Path, dry_run=False, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": file, "error": error}) from error
        try:
            report = services.plan_opml_import(data=data) if dry_run else services.import_opml(data=data)
        except services.OpmlError as error:
            raise CommandError(str(error)) from error
        for source in report.created:
            values = {"name": source.name, "url": source.url, "credit": source.credit_label}
            self.stdout.write(_("added    %(name)s <%(url)s> credited “%(credit)s”") % values)
        for url in report.existing:
            self.stdout.write(_("known    %(url)s") % {"url": url})
        for url, why in report.refused:
            self.stdout.write(self.style.WARNING(_("refused  %(url)s (%(why)s)") % {"url": url, "why": why}))
        counts = {"added": len(report.created), "known": len(report.existing), "refused": len(report.refused)}
        summary = (
            _("Would add %(added)s, %(known)s already known, %(refused)s refused; nothing written.")
            if dry_run
            else _("%(added)s added, %(known)s already known, %(refused)s refused.")
        )
        self.stdout.write(summary % counts)
