"""What happens to an image's files when the image goes."""

from django.db import transaction

from images.models import Image
from images.services import delete_files as delete


def delete_files(sender, instance: Image, **kwargs) -> None:
    """
    A deleted image's original and renditions leave the storage (a disk or a bucket)
    once the deletion is committed: a rolled-back deletion keeps its files.
    """
    paths = [instance.file.name, *(r["path"] for r in instance.renditions)]
    paths = [path for path in paths if path]
    transaction.on_commit(lambda: delete(paths))
