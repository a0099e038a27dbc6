from django.core.management.base import BaseCommand

from sitesearch import vocabulary


class Command(BaseCommand):
    help = "Rebuild the suggestion titles and the did-you-mean vocabulary from the live pages."

    def handle(self, *args, **options):
        titles, terms = vocabulary.rebuild()
        self.stdout.write(f"{titles} titles, {terms} terms")
