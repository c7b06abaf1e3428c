"""
The article changelist with each story's reads of the last 24 hours: the articles'
own admin, extended here (audience builds on articles, never the reverse).
"""

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.admin import ArticleAdmin
from articles.models import Article
from audience.rankings import reads_by_article


class ArticleReadsChangeList(ChangeList):
    """The changelist, with each row's reads of the last 24 hours fetched in one query."""

    def get_results(self, request):
        super().get_results(request)
        reads = reads_by_article([article.pk for article in self.result_list])
        for article in self.result_list:
            article.reads_24h = reads.get(article.pk, 0)


class ArticleWithReadsAdmin(ArticleAdmin):
    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        columns.insert(columns.index("published_at") + 1, "reads_24h")
        return columns

    def get_changelist(self, request, **kwargs):
        return ArticleReadsChangeList

    @admin.display(description=_("lectures (24 h)"))
    def reads_24h(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("audience:article", args=[obj.pk]),
            intcomma(getattr(obj, "reads_24h", 0)),
        )


admin.site.unregister(Article)
admin.site.register(Article, ArticleWithReadsAdmin)
