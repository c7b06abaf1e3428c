"""The article's revisions in the admin: word-level diffs and content-only restores."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from reversion.models import Version

from articles import diff, services


class RevisionViewsMixin:
    """
    The revision pages of ``ArticleAdmin`` (whose ``_article_or_404`` they use), in
    place of django-reversion's own.
    """

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/revisions/<int:version_id>/diff/",
                view(self.diff_view),
                name="articles_article_diff",
            ),
            path(
                "<int:pk>/revisions/<int:version_id>/restore/",
                view(self.restore_view),
                name="articles_article_restore",
            ),
            *super().get_urls(),
        ]

    def diff_view(self, request, pk, version_id):
        article = self._article_or_404(request, pk)
        versions = Version.objects.get_for_object(article).select_related("revision__user")
        version = get_object_or_404(versions, pk=version_id)
        older = versions.filter(revision__date_created__lt=version.revision.date_created).first()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "article": article,
            "version": version,
            "older": older,
            "changes": diff.compare_versions(older, version),
            "can_restore": self.has_change_permission(request, article),
            "title": gettext("Modifications de la révision"),
        }
        return TemplateResponse(request, "admin/articles/article/revision_diff.html", context)

    def restore_view(self, request, pk, version_id):
        if request.method != "POST":
            raise PermissionDenied
        article = self._article_or_404(request, pk, change=True)
        version = get_object_or_404(Version.objects.get_for_object(article), pk=version_id)
        services.restore_revision(article=article, revision=version, by=request.user)
        self.message_user(request, gettext("Révision restaurée."), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[pk]))

    # VersionAdmin's own revision and recover views restore every field, the
    # workflow state included; ours (restore_view) restores the content only.
    def revision_view(self, request, object_id, version_id, extra_context=None):
        return HttpResponseRedirect(
            reverse("admin:articles_article_diff", args=[object_id, version_id])
        )

    def recover_view(self, request, version_id, extra_context=None):
        raise PermissionDenied

    # Deleted articles are not recovered here (recover_view), so their list, which
    # showed every deleted story's title to every journalist, is closed too.
    change_list_template = "admin/change_list.html"

    def recoverlist_view(self, request, extra_context=None):
        raise PermissionDenied
