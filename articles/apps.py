from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self) -> None:
        from articles import handlers, indexing
        from articles.dashboard import PANEL
        from embeds.signals import embed_changed
        from images import locks
        from images.signals import image_changed
        from infra import dashboard
        from search import index

        dashboard.register(PANEL)
        locks.register("articles", handlers.image_locked)
        index.register(indexing.KIND, indexing.all_documents)

        image_changed.connect(handlers.image_changed, dispatch_uid="articles.image_changed")
        embed_changed.connect(handlers.embed_changed, dispatch_uid="articles.embed_changed")
