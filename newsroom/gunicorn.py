"""
gunicorn settings shared by `make serve` and `make bench`
(``gunicorn -c python:newsroom.gunicorn newsroom.wsgi``); command-line options
(bind address, workers) complete them.
"""

import gc


def post_worker_init(worker) -> None:
    """
    Once the worker has loaded Django and the project, move everything loaded so far
    out of the garbage collector's reach: those objects live as long as the process,
    and the collector's full passes would otherwise walk them again and again while
    serving requests.
    """
    from infra.pagecache import release

    release()  # worked out once, before the first reader waits for it
    gc.collect()
    gc.freeze()
