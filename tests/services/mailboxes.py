"""Local stand-ins for the outside world: an SMTP server and an SMS gateway on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import threading
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Inbox:
    """aiosmtpd handler keeping every message it accepts."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 OK"


class SmtpServer:
    def __init__(self):
        self.inbox = Inbox()
        self.port = free_port()
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    @property
    def messages(self):
        return self.inbox.messages


class SmsGateway:
    """Answers 503 to the first ``failures`` requests, then 200; keeps what it accepted."""

    def __init__(self, failures: int = 0):
        self.failures, self.accepted, self.requests = failures, [], 0
        self.on_request = lambda: None
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                gateway.requests += 1
                gateway.on_request()
                ok = gateway.requests > gateway.failures
                if ok:
                    gateway.accepted.append(body)
                self.send_response(200 if ok else 503)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/send"

    def __enter__(self):
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)


class SilentSmtp:
    """A mail server that accepts a connection and never says a word until ``release`` is set.

    ``client_still_waiting`` tells whether the client was still connected then.
    """

    def __init__(self):
        self.release = threading.Event()
        self.client_still_waiting = False
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self):
        try:
            connection, _ = self.listener.accept()
        except OSError:
            return
        self.release.wait(30)
        connection.setblocking(False)
        try:
            self.client_still_waiting = connection.recv(1, socket.MSG_PEEK) != b""
        except BlockingIOError:
            self.client_still_waiting = True  # nothing to read and not closed: the client still waits
        connection.close()

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.listener.close()
        self.thread.join(timeout=10)
