from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReaderConfig(AppConfig):
    name = "reader"
    verbose_name = _("Site des lecteurs")

    def ready(self) -> None:
        from django.utils.autoreload import file_changed

        from reader import rendered

        file_changed.connect(rendered.source_changed, dispatch_uid="reader.source_changed")
