"""
Django's PostgreSQL backend (``ENGINE = "infra.postgresql"``, set by the settings
for a ``postgres://`` DATABASE_URL), with one change: the health check of a
persistent connection (``CONN_HEALTH_CHECKS``) looks at the connection's socket
instead of sending ``SELECT 1``.

Django checks a reused connection before the first query of each request, by a
round trip to the server: on a page that runs one or two queries, that is a third
of its exchanges with PostgreSQL. Between two requests the server has nothing to
say to an idle connection unless it is closing it (a restart, a failover, an
administrator or an idle timeout terminating it: it sends its last message, then
end-of-file), so a socket with something to read while no query is out is a
connection to drop, as a failed ``SELECT 1`` would have said. A server that
vanished without a word (a cut network) fails the check neither way: the query
itself then gives up after ``DB_TCP_USER_TIMEOUT``, as ``SELECT 1`` would have.
"""

import select

from django.db.backends.postgresql import base
from psycopg.pq import TransactionStatus

# What a connection may be in between requests and still serve the next one (an open
# transaction is Django's to handle, as with the original check).
USABLE_STATES = frozenset({TransactionStatus.IDLE, TransactionStatus.INTRANS})


class DatabaseWrapper(base.DatabaseWrapper):
    def is_usable(self) -> bool:
        connection = self.connection
        if connection is None or connection.closed:
            return False
        if connection.info.transaction_status not in USABLE_STATES:
            return False
        try:
            poller = select.poll()
            poller.register(connection.fileno(), select.POLLIN | select.POLLPRI)
            return not poller.poll(0)
        except (OSError, ValueError):
            return False
