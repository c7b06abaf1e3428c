"""
A loopback TCP proxy that injects faults between the application and a server it
talks to (PostgreSQL, Redis, SMTP): the tests put it in front of the real server and
switch its mode while requests run.

- ``pass``: bytes flow both ways.
- ``refuse``: new connections are refused (the port is closed), existing ones reset.
- ``blackhole``: connections are accepted and bytes are swallowed; nothing answers.
- ``delay``: bytes flow, each chunk held back ``delay`` seconds.
- ``reset``: existing connections are reset, new ones pass.

Bounded on purpose: it listens on 127.0.0.1 only, forwards to one loopback target,
and every thread it starts is a daemon that ends with ``close()``.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import struct
import threading
import time

MODES = frozenset({"pass", "refuse", "blackhole", "delay", "reset"})


def _reset(sock: socket.socket) -> None:
    """Close with an RST rather than a FIN, as a crashed or failed-over server would."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()


class FaultProxy:
    def __init__(self, target_port: int, *, target_host: str = "127.0.0.1") -> None:
        if target_host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the fault proxy only forwards to loopback")
        self.target = (target_host, target_port)
        self.mode = "pass"
        self.delay = 0.0
        self._lock = threading.Lock()
        self._pairs: list[tuple[socket.socket, socket.socket | None]] = []
        self._closed = False
        self.accepted = 0  # connections the application opened through the proxy
        self._listener = self._listen(0)
        self.port = self._listener.getsockname()[1]
        self._accepting = threading.Thread(target=self._accept_loop, daemon=True)
        self._accepting.start()

    # Control ----------------------------------------------------------------------------

    def set_mode(self, mode: str, *, delay: float = 0.0) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        with self._lock:
            previous, self.mode, self.delay = self.mode, mode, delay
        if mode in ("refuse", "reset"):
            self._reset_connections()
        if mode == "refuse" and previous != "refuse":
            self._stop_listening()
        elif previous == "refuse" and mode != "refuse":
            self._listener = self._listen(self.port)
            self._accepting = threading.Thread(target=self._accept_loop, daemon=True)
            self._accepting.start()
        if mode == "reset":
            with self._lock:
                self.mode = "pass"

    def close(self) -> None:
        self._closed = True
        self._stop_listening()
        self._reset_connections()

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # Plumbing ---------------------------------------------------------------------------

    def _listen(self, port: int) -> socket.socket:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", port))
        listener.listen(64)
        listener.settimeout(0.2)
        return listener

    def _stop_listening(self) -> None:
        # shutdown() wakes the thread blocked in accept(), so the port is free at once.
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        with contextlib.suppress(OSError):
            self._listener.close()
        self._accepting.join(timeout=2)

    def _reset_connections(self) -> None:
        with self._lock:
            pairs, self._pairs = self._pairs, []
        for client, upstream in pairs:
            _reset(client)
            if upstream is not None:
                _reset(upstream)

    def _accept_loop(self) -> None:
        listener = self._listener
        while not self._closed:
            try:
                client, _address = listener.accept()
            except TimeoutError:
                if listener is not self._listener or listener.fileno() == -1:
                    return
                continue
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        with self._lock:
            self.accepted += 1
        if self.mode == "blackhole":
            with self._lock:
                self._pairs.append((client, None))
            self._swallow(client)
            return
        try:
            upstream = socket.create_connection(self.target, timeout=5)
        except OSError:
            _reset(client)
            return
        with self._lock:
            self._pairs.append((client, upstream))
        self._pump(client, upstream)

    def _swallow(self, client: socket.socket) -> None:
        client.settimeout(0.2)
        while not self._closed:
            try:
                if not client.recv(65536):
                    return
            except TimeoutError:
                continue
            except OSError:
                return

    def _pump(self, client: socket.socket, upstream: socket.socket) -> None:
        selector = selectors.DefaultSelector()
        selector.register(client, selectors.EVENT_READ, upstream)
        selector.register(upstream, selectors.EVENT_READ, client)
        try:
            while not self._closed:
                for key, _events in selector.select(timeout=0.2):
                    try:
                        data = key.fileobj.recv(65536)
                    except OSError:
                        return
                    if not data:
                        return
                    if self.mode == "blackhole":
                        continue  # a server that stopped answering mid-connection
                    if self.mode == "delay" and self.delay:
                        time.sleep(self.delay)
                    try:
                        key.data.sendall(data)
                    except OSError:
                        return
        finally:
            selector.close()
            for sock in (client, upstream):
                with contextlib.suppress(OSError):
                    sock.close()


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    """Whether a server listens there (the fault tests need the real server behind)."""
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def free_port() -> int:
    """A loopback port nothing listens on now (for a test server that needs its port first)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
