from django.core.files.storage import FileSystemStorage
from django.utils.encoding import filepath_to_uri
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """
    WhiteNoise's compressed, hashed static files, each file's URL worked out once
    per process: the manifest cannot change while the process runs (a deploy
    restarts it), and every page asks for the same few files.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force)
        try:
            return self._urls[name]
        except KeyError:
            url = self._urls[name] = super().url(name)
            return url


class MediaStorage(FileSystemStorage):
    """
    Uploads on the local disk (the default without object storage), each file's URL
    its name appended to MEDIA_URL: the same URL as Django's, which joins them with
    ``urljoin`` (a fifth of the time a picture's tag takes, for the dozen renditions
    of its ``srcset``). A stored name is relative and has no dot segments (the
    storage refuses them), so appending is joining.
    """

    def url(self, name):
        base = self.base_url
        if base is None or not base.endswith("/"):
            return super().url(name)
        url = filepath_to_uri(name)
        return base + url.lstrip("/") if url is not None else base
