"""What happens to an image's files when the image goes."""

from django.db import transaction

from images.models import Image
from images.services import take_down_files


def delete_files(sender, instance: Image, **kwargs) -> None:
    """
    A deleted image's original, renditions and crops leave the storage (a disk or a bucket)
    and the edge once the deletion is committed: a rolled-back deletion keeps its files.
    """
    made = [*instance.renditions, *instance.crops]
    paths = [instance.file.name, *(r["path"] for r in made)]
    paths = [path for path in paths if path]
    transaction.on_commit(lambda: take_down_files(paths))
