"""
What a round trip to another process costs on this machine: the wall time and the
caller's CPU time of a one-byte exchange with an echo process, over TCP on loopback
and over a Unix socket pair, against the same exchange within one process. Reader
pages that miss the caches make several such exchanges (Redis, PostgreSQL), the bare
view none: on a machine where they are dear, the ratios of `make bench` show it.

    python bench/roundtrip.py [--exchanges 5000]
"""

import argparse
import os
import socket
import time


def _echo(sock: socket.socket) -> None:
    while data := sock.recv(64):
        sock.sendall(data)
    os._exit(0)


def _measure(sock: socket.socket, exchanges: int) -> tuple[float, float]:
    for _ in range(100):  # warm up
        sock.sendall(b"x")
        sock.recv(64)
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(exchanges):
        sock.sendall(b"x")
        sock.recv(64)
    return (
        (time.perf_counter() - wall) / exchanges * 1e6,
        (time.process_time() - cpu) / exchanges * 1e6,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--exchanges", type=int, default=5000)
    args = parser.parse_args()
    rows = []

    server = socket.create_server(("127.0.0.1", 0))
    if os.fork() == 0:
        _echo(server.accept()[0])
    client = socket.create_connection(server.getsockname())
    client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    rows.append(("TCP on loopback, another process", *_measure(client, args.exchanges)))
    client.close()

    mine, theirs = socket.socketpair()
    if os.fork() == 0:
        mine.close()
        _echo(theirs)
    rows.append(("Unix socket pair, another process", *_measure(mine, args.exchanges)))
    mine.close()

    first, second = socket.socketpair()
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(args.exchanges):
        first.sendall(b"x")
        second.sendall(second.recv(64))
        first.recv(64)
    rows.append(
        (
            "Unix socket pair, within this process",
            (time.perf_counter() - wall) / args.exchanges * 1e6,
            (time.process_time() - cpu) / args.exchanges * 1e6,
        )
    )
    print(f"{'round trip':<40}{'wall µs':>10}{'CPU µs':>10}")
    for name, wall_us, cpu_us in rows:
        print(f"{name:<40}{wall_us:>10.1f}{cpu_us:>10.1f}")


if __name__ == "__main__":
    main()
