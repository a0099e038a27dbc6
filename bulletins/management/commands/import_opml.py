from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from bulletins import services


class Command(BaseCommand):
    help = "Add feed sources from an OPML file (feeds already known are left alone)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        try:
            report = services.import_opml(data=data)
        except services.OpmlError as error:
            raise CommandError(str(error)) from error
        for source in report.created:
            self.stdout.write(f"added    {source.name} <{source.url}> credit “{source.credit_label}”")
        for url in report.existing:
            self.stdout.write(f"known    {url}")
        for url in report.skipped:
            self.stdout.write(self.style.WARNING(f"skipped  {url} (not an http(s) feed address)"))
        self.stdout.write(
            f"{len(report.created)} added, {len(report.existing)} already known, {len(report.skipped)} skipped."
        )
