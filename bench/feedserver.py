"""A local press-feed server for the fetch-round benchmark (plain Python, its own process):
`python -m bench.feedserver --sources 200 --items 20` prints `PORT <n>` and serves /feed/<i>.xml.

Round 1 (from the start): every feed answers 200. After GET /round2:
- 90% of the feeds honour If-None-Match / If-Modified-Since and answer 304 (unchanged);
- 5% ignore conditional headers (no ETag) and send the same bytes again with 200 (unchanged);
- 5% changed: one new item and one edited item, with a new ETag.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import sys
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from bench.feedgen import feed_xml


def kinds(sources: int) -> list[str]:
    unchanged_plain = max(1, sources // 20)
    changed = max(1, sources // 20)
    etag = sources - unchanged_plain - changed
    return ["etag"] * etag + ["plain"] * unchanged_plain + ["changed"] * changed


class FeedStore:
    def __init__(self, sources: int, items: int):
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        self.kinds = kinds(sources)
        self.round = 1
        self.modified = format_datetime(now - dt.timedelta(hours=1), usegmt=True)
        self.bodies = {(i, 0): feed_xml(source=i, items=items, now=now) for i in range(sources)}
        for i, kind in enumerate(self.kinds):
            if kind == "changed":
                self.bodies[(i, 1)] = feed_xml(source=i, items=items, version=1, now=now)

    def answer(self, i: int, headers) -> tuple[int, dict, bytes]:
        kind = self.kinds[i]
        version = 1 if kind == "changed" and self.round == 2 else 0
        body = self.bodies[(i, version)]
        if kind == "plain":
            return 200, {}, body
        etag = '"' + hashlib.sha1(body, usedforsecurity=False).hexdigest()[:16] + '"'
        meta = {"ETag": etag, "Last-Modified": self.modified}
        if self.round == 2 and headers.get("If-None-Match") == etag:
            return 304, meta, b""
        return 200, meta, body


def make_handler(store: FeedStore):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):  # quiet
            pass

        def do_GET(self):
            if self.path == "/round2":
                store.round = 2
                return self._send(200, {}, b"ok")
            name = self.path.removeprefix("/feed/").removesuffix(".xml")
            if not name.isdigit() or int(name) >= len(store.kinds):
                return self._send(404, {}, b"not found")
            return self._send(*store.answer(int(name), self.headers))

        def _send(self, status: int, headers: dict, body: bytes) -> None:
            self.send_response(status)
            if status == 200:
                self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sources", type=int, default=200)
    parser.add_argument("--items", type=int, default=20)
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(FeedStore(args.sources, args.items)))
    server.daemon_threads = True
    print(f"PORT {server.server_address[1]}", flush=True)
    sys.stdout.close()
    server.serve_forever()


if __name__ == "__main__":
    main()
