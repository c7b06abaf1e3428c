from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImagesConfig(AppConfig):
    name = "images"
    verbose_name = _("Images")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from images import dashboard as images_dashboard
        from images import handlers, indexing
        from images.models import Image
        from infra import dashboard
        from search import index

        index.register(indexing.KIND, indexing.all_documents)
        dashboard.register(images_dashboard.PANEL)
        post_delete.connect(handlers.delete_files, sender=Image, dispatch_uid="image-files")
