"""A faithful stand-in for the moving hub, served over real HTTP on this machine.

The demo and the tests talk to it exactly as MoveDesk talks to the real hub
(``resources/hub-openapi.yaml``): sessions with expiring tokens, a cursor
feed, decisions with idempotency keys, problem documents, and — when asked —
the faults of a bad network. Endpoints under ``/v1/_sim/`` steer it and exist
only here.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from desktop.hub.residents import JST
from desktop.hub.signing import NoticeSigner
from desktop.hub.simfaults import FaultPlan, FaultSettings, Verdict
from desktop.hub.simstate import DEFAULT_LIMIT, MAX_LIMIT, HubState, Reply, ok, problem

DEMO_PARTNER_ID = "demo-partner"
DEMO_PASSWORD = "demo-password"
MAX_REQUEST_BYTES = 4 * 1024 * 1024

logger = logging.getLogger(__name__)

_DECISIONS_PATH = re.compile(r"^/v1/notices/([^/]+)/decisions$")
_SIM_NOTICE_PATH = re.compile(r"^/v1/_sim/notices/([^/]+)/(edit|cancel)$")


def _json_body(raw: bytes) -> Any:
    if not raw.strip():
        return {}
    return json.loads(raw.decode("utf-8"))


class _HubServer(ThreadingHTTPServer):
    daemon_threads = True
    simulator: HubSimulator

    def __init__(self, address: tuple[str, int], simulator: HubSimulator) -> None:
        self.simulator = simulator
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Failed TLS handshakes and clients that hang up are normal here.
        logger.debug("connection from %s ended with an error", client_address, exc_info=True)

    def close_connections(self) -> None:
        with self.connections_lock:
            open_connections = list(self.connections)
        for connection in open_connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the real hub
    server_version = "MoveHubSimulator/1.0"
    timeout = 30  # an idle keep-alive connection is closed after this
    server: _HubServer

    def setup(self) -> None:
        if isinstance(self.request, ssl.SSLSocket):
            # Done here, in the connection's own thread, so one slow or bad
            # client cannot hold up the accept loop.
            self.request.settimeout(self.timeout)
            self.request.do_handshake()
        super().setup()
        # Headers and body go out in separate writes; without this, Nagle's
        # algorithm and the client's delayed ACK add ~40 ms to every answer.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self.server.connections_lock:
            self.server.connections.add(self.connection)

    def finish(self) -> None:
        with self.server.connections_lock:
            self.server.connections.discard(self.connection)
        with contextlib.suppress(OSError):
            super().finish()

    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("%s " + format, self.address_string(), *args)

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def do_PATCH(self) -> None:
        self._dispatch("PATCH")

    def _dispatch(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_REQUEST_BYTES:
            self.close_connection = True
            self._send(problem(413, "too-large", "Request too large", "The body is too large."))
            return
        raw = self.rfile.read(length) if length else b""
        url = urlsplit(self.path)
        hook = self.server.simulator.on_request
        if hook is not None and not url.path.startswith("/v1/_sim/"):
            hook(method, url.path)
        plan = self.server.simulator.faults
        verdict = plan.judge(url.path)
        if verdict.latency_ms:
            time.sleep(verdict.latency_ms / 1000)
        reply = self._refusal(verdict) or self.server.simulator.answer(
            method, url.path, parse_qs(url.query), self.headers, raw
        )
        hook = self.server.simulator.answered_hook
        if hook is not None and not url.path.startswith("/v1/_sim/"):
            hook(method, url.path)
        if verdict.after == "drop":
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)
            return
        body = reply.body
        if verdict.after == "truncate":
            body = plan.truncate(body)
        elif verdict.after == "garble":
            body = plan.garble(body)
        self._send(reply, body)

    def _refusal(self, verdict: Verdict) -> Reply | None:
        settings = self.server.simulator.faults.settings
        retry_after = {"Retry-After": str(settings.retry_after)}
        if verdict.before == "rate_limit":
            refused = problem(
                429, "rate-limited", "Too many requests", "Slow down and retry later."
            )
            return Reply(refused.status, refused.body, refused.content_type, retry_after)
        if verdict.before == "error":
            status = settings.error_status
            refused = problem(status, "unavailable", "Hub unavailable", "Try again later.")
            headers = retry_after if status == 503 else {}
            return Reply(refused.status, refused.body, refused.content_type, headers)
        return None

    def _send(self, reply: Reply, body: bytes | None = None) -> None:
        body = reply.body if body is None else body
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


class HubSimulator:
    """The simulated hub: construct, ``start()``, point a client at ``url``, ``stop()``.

    The direct methods (``edit``, ``cancel``, ``tick``, ``set_faults`` …) do
    what the ``/v1/_sim/`` endpoints do, for tests in the same process.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        partner_id: str = DEMO_PARTNER_ID,
        password: str = DEMO_PASSWORD,
        notices: int = 200,
        seed: int = 42,
        token_ttl: float = 3600,
        activity_interval: float | None = None,
        tls_certfile: str | None = None,
        tls_keyfile: str | None = None,
        client_ca_file: str | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        if client_ca_file and not tls_certfile:
            raise ValueError("a client CA needs TLS: give tls_certfile and tls_keyfile too")
        self.host = host
        self.port = port
        self.activity_interval = activity_interval
        self.tls_certfile = tls_certfile
        self.tls_keyfile = tls_keyfile
        self.client_ca_file = client_ca_file
        self.state = HubState(
            seed=seed,
            notices=notices,
            partner_id=partner_id,
            password=password,
            token_ttl=token_ttl,
            clock=clock or (lambda: datetime.now(JST)),
        )
        self.faults = FaultPlan()
        # Called with (method, path) once a hub request has been answered and
        # before the reply is sent: tests use it to stop a client at a chosen
        # point of its conversation (the hub has acted, the client not heard).
        self.answered_hook: Callable[[str, str], None] | None = None
        # What the hub signs its faxed notice codes with; the bureau trusts its public key.
        self.fax_signer = NoticeSigner.from_seed(seed)
        self._server: _HubServer | None = None
        self._threads: list[threading.Thread] = []
        self._stopping = threading.Event()
        # Called with (method, path) as each hub request arrives, before it is
        # answered, on that request's thread: tests count requests here, or
        # hold one to stop a seat at a known point.
        self.on_request: Callable[[str, str], None] | None = None

    # -- lifecycle ------------------------------------------------------------

    def start(self) -> HubSimulator:
        if self._server is not None:
            return self
        server = _HubServer((self.host, self.port), self)
        if self.tls_certfile:
            server.socket = self._tls_context().wrap_socket(
                server.socket, server_side=True, do_handshake_on_connect=False
            )
        self._server = server
        self._stopping.clear()
        serving = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},  # how quickly stop() is noticed
            name="hub-simulator",
            daemon=True,
        )
        serving.start()
        self._threads = [serving]
        if self.activity_interval:
            activity = threading.Thread(
                target=self._activity_loop, name="hub-activity", daemon=True
            )
            activity.start()
            self._threads.append(activity)
        return self

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        self._stopping.set()
        server.shutdown()
        server.close_connections()
        server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._threads = []

    def __enter__(self) -> HubSimulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the simulator is not running; call start() first")
        host, port = self._server.server_address[:2]
        scheme = "https" if self.tls_certfile else "http"
        shown = f"[{host}]" if ":" in str(host) else host
        return f"{scheme}://{shown}:{port}"

    def _tls_context(self) -> ssl.SSLContext:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        context.load_cert_chain(self.tls_certfile or "", self.tls_keyfile)
        if self.client_ca_file:
            context.verify_mode = ssl.CERT_REQUIRED
            context.load_verify_locations(self.client_ca_file)
        return context

    def _activity_loop(self) -> None:
        assert self.activity_interval
        while not self._stopping.wait(self.activity_interval):
            changed = self.state.random_activity()
            logger.debug("hub activity: %s", changed)

    # -- direct control for tests ---------------------------------------------

    def receipts(self) -> list[str]:
        return self.state.receipts()

    def notice(self, receipt: str) -> dict[str, Any]:
        return self.state.notice(receipt)

    def edit(self, receipt: str, **changes: Any) -> dict[str, Any]:
        return self.state.edit(receipt, changes)

    def cancel(self, receipt: str) -> dict[str, Any]:
        return self.state.cancel(receipt)

    def tick(self, new: int = 0, edit: int = 0, cancel: int = 0) -> dict[str, list[str]]:
        return self.state.tick(new=new, edit=edit, cancel=cancel)

    def set_faults(self, **settings: Any) -> None:
        """Replace every fault switch; with no arguments the hub behaves again."""
        self.faults.configure(FaultSettings.from_mapping(settings))

    def inject_items(self, items: Iterable[Any]) -> None:
        self.state.inject(items)

    def inject_raw_item(self, item: bytes) -> None:
        self.state.inject_raw(item)

    def decisions(self) -> list[dict[str, Any]]:
        return self.state.decisions()

    def stats(self) -> dict[str, int]:
        """Decision requests seen, how many were replays, decisions applied, feed length."""
        return self.state.stats()

    def expire_sessions(self) -> int:
        return self.state.expire_sessions()

    # -- the HTTP API -----------------------------------------------------------

    def answer(
        self, method: str, path: str, query: dict[str, list[str]], headers: Any, raw: bytes
    ) -> Reply:
        try:
            if path.startswith("/v1/_sim/"):
                return self._answer_control(method, path, raw)
            return self._answer_hub(method, path, query, headers, raw)
        except Exception:  # the hub answers 500 rather than hanging up
            logger.exception("simulator failed on %s %s", method, path)
            return problem(500, "internal", "Internal error", "The simulator failed.")

    def _answer_hub(
        self, method: str, path: str, query: dict[str, list[str]], headers: Any, raw: bytes
    ) -> Reply:
        if path == "/v1/session":
            if method != "POST":
                return _not_allowed("POST")
            try:
                body = _json_body(raw)
            except (UnicodeDecodeError, ValueError):
                return problem(400, "invalid-json", "Invalid JSON", "The body is not JSON text.")
            return self.state.login(body)
        decision_path = _DECISIONS_PATH.match(path)
        if path != "/v1/notices" and not decision_path:
            return problem(404, "not-found", "Not found", f"No resource at {path}.")
        unauthorised = self.state.check_token(headers.get("Authorization"))
        if unauthorised:
            return Reply(
                unauthorised.status,
                unauthorised.body,
                unauthorised.content_type,
                {"WWW-Authenticate": 'Bearer realm="hub"'},
            )
        if decision_path:
            if method != "POST":
                return _not_allowed("POST")
            reply, replayed = self.state.decide(
                unquote(decision_path.group(1)), headers.get("Idempotency-Key"), raw
            )
            if replayed:
                return Reply(
                    reply.status, reply.body, reply.content_type, {"Idempotent-Replayed": "true"}
                )
            return reply
        if method != "GET":
            return _not_allowed("GET")
        cursor = (query.get("cursor") or [None])[0]
        limit_text = (query.get("limit") or [str(DEFAULT_LIMIT)])[0]
        if not limit_text.isdigit() or not 1 <= int(limit_text) <= MAX_LIMIT:
            return problem(
                400,
                "invalid-limit",
                "Invalid limit",
                f"limit must be 1 to {MAX_LIMIT}.",
                max_limit=MAX_LIMIT,
            )
        return self.state.feed_page(cursor, int(limit_text))

    def _answer_control(self, method: str, path: str, raw: bytes) -> Reply:
        if method == "GET" and path == "/v1/_sim/decisions":
            return ok(self.state.decisions())
        if method == "GET" and path == "/v1/_sim/receipts":
            return ok(self.state.receipts())
        if method == "GET" and path == "/v1/_sim/stats":
            return ok(self.state.stats())
        if method != "POST":
            return problem(404, "not-found", "Not found", f"No {method} {path}.")
        try:
            if path == "/v1/_sim/inject-raw":
                return ok({"feed_length": self.state.inject_raw(raw)})
            body = _json_body(raw)
            if not isinstance(body, dict):
                raise ValueError("the body must be a JSON object")
            return self._control(path, body)
        except KeyError as error:
            return problem(404, "unknown-receipt", "Unknown notice", str(error.args[0]))
        except (TypeError, ValueError) as error:
            return problem(422, "invalid-control", "Invalid control request", str(error))

    def _control(self, path: str, body: dict[str, Any]) -> Reply:
        if path == "/v1/_sim/tick":
            return ok(
                self.state.tick(**{key: int(body.get(key, 0)) for key in ("new", "edit", "cancel")})
            )
        if path == "/v1/_sim/faults":
            self.set_faults(**body)
            return ok(_settings_document(self.faults.settings))
        if path == "/v1/_sim/inject":
            items = body.get("items")
            if not isinstance(items, list):
                raise ValueError("items must be a list")
            return ok({"feed_length": self.state.inject(items)})
        if path == "/v1/_sim/sessions/expire":
            return ok({"expired": self.state.expire_sessions()})
        notice_path = _SIM_NOTICE_PATH.match(path)
        if notice_path:
            receipt, action = unquote(notice_path.group(1)), notice_path.group(2)
            try:
                if action == "edit":
                    return ok(self.state.edit(receipt, body))
                return ok(self.state.cancel(receipt))
            except ValueError as error:
                return problem(409, "not-changeable", "Notice cannot change", str(error))
        return problem(404, "not-found", "Not found", f"No simulator control at {path}.")


def _not_allowed(allowed: str) -> Reply:
    refused = problem(405, "method-not-allowed", "Method not allowed", f"Use {allowed}.")
    return Reply(refused.status, refused.body, refused.content_type, {"Allow": allowed})


def _settings_document(settings: FaultSettings) -> dict[str, Any]:
    return {name: getattr(settings, name) for name in FaultSettings.__dataclass_fields__}


def serve(
    port: int = 8765,
    notices: int = 200,
    seed: int = 42,
    partner_id: str = DEMO_PARTNER_ID,
    password: str = DEMO_PASSWORD,
    host: str = "127.0.0.1",
    *,
    activity_interval: float | None = 30.0,
    tls_certfile: str | None = None,
    tls_keyfile: str | None = None,
    client_ca_file: str | None = None,
) -> int:
    """Run the simulator in the foreground until Ctrl-C (``movedesk hub-sim``)."""
    simulator = HubSimulator(
        host=host,
        port=port,
        partner_id=partner_id,
        password=password,
        notices=notices,
        seed=seed,
        activity_interval=activity_interval,
        tls_certfile=tls_certfile,
        tls_keyfile=tls_keyfile,
        client_ca_file=client_ca_file,
    )
    with simulator:
        print(f"Hub simulator serving {notices} notices (seed {seed}) at {simulator.url}")
        print(f"  partner ID: {partner_id}")
        print(f"  password:   {password}")
        if activity_interval:
            print(f"  residents file, edit and cancel every {activity_interval:g} s")
        print("Press Ctrl-C to stop.", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            print("Stopping the hub simulator.")
    return 0
