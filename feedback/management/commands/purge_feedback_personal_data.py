from django.core.management.base import BaseCommand, CommandError

from feedback import conf, services


class Command(BaseCommand):
    help = (
        "Remove personal data (name, contact, case code, address hash, attachments) from citizens' "
        "messages closed more than MONTHS months ago."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help="Age of closed messages in months (default: the FEEDBACK_PERSONAL_DATA_MONTHS setting, 24).",
        )

    def handle(self, *args, months=None, **options):
        months = conf.personal_data_months() if months is None else months
        if months < 0:
            raise CommandError("--months must be 0 or more.")
        count = services.purge_personal_data(months=months)
        self.stdout.write(f"Removed personal data from {count} message(s) closed more than {months} month(s) ago.")
