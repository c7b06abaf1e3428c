import gc

from newsroom import gunicorn


def test_workers_keep_what_they_loaded_out_of_the_collectors_reach():
    try:
        gunicorn.post_worker_init(worker=None)

        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
