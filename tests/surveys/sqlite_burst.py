"""A burst of concurrent votes through a real threaded HTTP server on a SQLite file (WAL, IMMEDIATE).

Run by test_concurrency.py in a subprocess with SQLITE_PATH pointing at a temporary file (a copy of
the migrated test database) and no DATABASE_URL, so the site uses exactly the SQLite options of
`make run`. Prints one JSON line.
"""

import http.cookiejar
import json
import os
import socketserver
import sys
import threading
import urllib.request
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign_site.settings.test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from tests.concurrency import run_at_once  # noqa: E402

VOTERS = int(os.environ.get("BURST_VOTERS", "60"))


class ThreadingServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 256


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


def main() -> None:
    assert connection.vendor == "sqlite" and settings.DATABASES["default"]["NAME"] == os.environ["SQLITE_PATH"]
    if "surveys_ballot" not in connection.introspection.table_names():
        call_command("migrate", verbosity=0)  # run by hand on an empty file
    from surveys.models import Ballot, Poll, PollChoice, PollResultCount

    poll = Poll(question="Burst")
    for order, label in enumerate(("A", "B", "C")):
        poll.choices.add(PollChoice(label=label, is_positive=order < 2, sort_order=order))
    poll.save()
    choice_ids = list(poll.choices.values_list("pk", flat=True))
    settings.SURVEYS_RATE_LIMIT = 100_000  # every client shares 127.0.0.1
    connection.close()

    server = make_server("127.0.0.1", 0, WSGIHandler(), server_class=ThreadingServer, handler_class=QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"

    def token(n: int):
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        return opener, json.loads(opener.open(f"{base}/csrf/", timeout=30).read())["csrfToken"]

    def voter(n: int, prepared) -> int:
        opener, csrf = prepared
        request = urllib.request.Request(
            f"{base}/polls/{poll.pk}/vote/",
            data=f"choice={choice_ids[n % 3]}".encode(),
            headers={"X-CSRFToken": csrf, "Accept": "application/json", "Referer": base + "/"},
        )
        try:
            return opener.open(request, timeout=60).status
        except urllib.error.HTTPError as error:
            return error.code

    # Every voter holds a token first, then all post at once. A refused or dropped connection
    # (an exception) counts as status 0, an error response.
    results = run_at_once(voter, VOTERS, prepare=token, join=90)
    statuses = [result if isinstance(result, int) else 0 for result in results]
    server.shutdown()
    connection.close()
    counted = sum(PollResultCount.objects.filter(poll=poll).values_list("count", flat=True))
    print(
        json.dumps(
            {
                "statuses": sorted(statuses),
                "ballots": Ballot.objects.filter(poll=poll).count(),
                "counted": counted,
                "journal_mode": connection.cursor().execute("PRAGMA journal_mode").fetchone()[0],
            }
        )
    )


if __name__ == "__main__":
    main()
