from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "live"
    verbose_name = _("Directs")

    def ready(self) -> None:
        from images import locks
        from images.signals import image_changed
        from live import handlers

        locks.register("live", handlers.image_locked)
        image_changed.connect(handlers.image_changed, dispatch_uid="live.image_changed")
