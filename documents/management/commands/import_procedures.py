"""Import the procedure list (CSV or XLSX: Mã TTHC, Tên thủ tục, Lĩnh vực, Cấp thực hiện)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from documents import importing, services


class Command(BaseCommand):
    help = "Import administrative procedures from a CSV or XLSX file; idempotent on the procedure code."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Only show what the file would do.")

    def handle(self, *args, file, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": file})
        if path.stat().st_size > importing.MAX_BYTES:
            raise CommandError(_("The file is larger than %(mb)s MB.") % {"mb": importing.MAX_BYTES // (1024 * 1024)})
        preview = services.import_procedures(content=path.read_bytes(), filename=path.name, apply=not dry_run)
        if preview.refused_file:
            raise CommandError(preview.refused_file)
        for row in preview.rows:
            if row.action == "refuse":
                self.stdout.write(
                    _("line %(line)s (%(code)s): %(reasons)s")
                    % {"line": row.line, "code": row.number_symbol, "reasons": "; ".join(row.reasons)}
                )
        counts = preview.counts
        message = _("%(create)s created, %(update)s updated, %(unchanged)s unchanged, %(refuse)s refused.") % counts
        self.stdout.write(_("Dry run: %(message)s") % {"message": message} if dry_run else message)
