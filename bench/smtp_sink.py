"""A local SMTP server for the mail bench: `python -m bench.smtp_sink` prints "PORT <n>" once it
listens on 127.0.0.1 (a free port), accepts every message, and stops when its stdin closes."""

from __future__ import annotations

import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 OK"


class LoopbackController(Controller):
    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]  # port 0: read back the one the system chose
        super()._trigger_server()


def main() -> None:
    controller = LoopbackController(Sink(), hostname="127.0.0.1", port=0)
    controller.start()
    print(f"PORT {controller.port}", flush=True)
    try:
        sys.stdin.read()  # until the parent closes the pipe (or dies)
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
