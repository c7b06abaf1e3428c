"""
Live coverage in the admin: the fast screen where several journalists post on one
live page at once (a textarea and a button; the list follows everyone's posts without
reloading), its staff-only JSON endpoints, and the posts' own admin pages (the rich
text editor, image, "Lire aussi", the record of changes).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Q
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles import services as articles
from articles.models import Article
from live import services
from live.display import excerpt, plain_text, time_label
from live.forms import LivePostAdminForm, QuickEditForm, QuickPostForm, is_plain, text_to_html
from live.models import LivePost, LivePostChange

# How many posts the fast screen lists (the newest).
SCREEN_POSTS = 200


class DeletedFilter(admin.SimpleListFilter):
    title = _("état")
    parameter_name = "etat"

    def lookups(self, request, model_admin):
        return [("affiches", _("Affichés")), ("supprimes", _("Supprimés"))]

    def queryset(self, request, queryset):
        if self.value() == "affiches":
            return queryset.filter(deleted_at__isnull=True)
        if self.value() == "supprimes":
            return queryset.filter(deleted_at__isnull=False)
        return queryset


class ChangeInline(admin.TabularInline):
    model = LivePostChange
    extra = 0
    fields = ["at", "action", "by_name", "previous_text"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("modifications")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def live_pages(user):
    """The live pages a staff member may post on: published ones, and their own drafts."""
    lives = Article.objects.filter(kind=Article.Kind.LIVE)
    own = articles.visible_to(user, lives).values("pk")
    return lives.filter(Q(status=Article.Status.PUBLISHED) | Q(pk__in=own))


def _error(message: str, status: int, field: str = "__all__") -> JsonResponse:
    return JsonResponse({"errors": {field: [message]}}, status=status)


@admin.register(LivePost)
class LivePostAdmin(admin.ModelAdmin):
    form = LivePostAdminForm
    list_display = ["created_at", "article", "author_name", "excerpt", "important", "pinned"]
    list_filter = [DeletedFilter, "important", "pinned"]
    list_select_related = ["article"]
    search_fields = ["text", "author_name"]
    autocomplete_fields = ["image", "read_also"]
    readonly_fields = ["author_name", "created_at", "updated_at", "deleted_at"]
    inlines = [ChangeInline]
    actions = ["delete_posts"]
    date_hierarchy = "created_at"

    @admin.display(description=_("message"))
    def excerpt(self, post):
        return excerpt(post.text)

    def get_fields(self, request, obj=None):
        fields = ["article", "text", "image", "read_also", "important", "pinned"]
        if obj is not None:
            fields = [f for f in fields if f != "article"] + self.readonly_fields
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article":
            # The live pages this staff member may post on, not others' drafts.
            kwargs["queryset"] = live_pages(request.user).order_by("-created_at")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or services.can_change(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        # A post is taken off the page ("Supprimer du direct"), never erased: it is recorded.
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            if not change:
                post = services.create_post(
                    article=data["article"],
                    by=request.user,
                    text=data["text"],
                    important=data["important"],
                    pinned=data["pinned"],
                    image=data["image"],
                    read_also=data["read_also"],
                )
                obj.pk = post.pk
                return
            services.edit_post(
                post=obj,
                by=request.user,
                text=data["text"],
                important=data["important"],
                image=data["image"],
                read_also=data["read_also"],
            )
            if "pinned" in form.changed_data:
                services.pin_post(post=obj, by=request.user, pinned=data["pinned"])
        except ValidationError as error:
            # Shown on the page the admin redirects to; nothing was saved.
            messages.error(request, " ".join(error.messages))

    def save_related(self, request, form, formsets, change):
        """The services wrote the post; only the (read-only) record of changes is left."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_form(self, request, form, change):
        instance = form.instance
        if change:
            # The service compares with the stored post: leave it as it is until then.
            instance = LivePost.objects.get(pk=instance.pk)
        return instance

    @admin.action(description=_("Supprimer du direct"), permissions=["change"])
    def delete_posts(self, request, queryset):
        done = 0
        for post in queryset.filter(deleted_at__isnull=True):
            if services.can_change(request.user, post):
                services.delete_post(post=post, by=request.user)
                done += 1
        self.message_user(
            request,
            ngettext("%(n)d message supprimé.", "%(n)d messages supprimés.", done) % {"n": done},
        )

    # --- The fast screen ----------------------------------------------------------------

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("direct/", view(self.index_view), name="live_livepost_index"),
            path("direct/<int:article_id>/", view(self.screen_view), name="live_livepost_screen"),
            path(
                "direct/<int:article_id>/messages.json",
                view(self.posts_json),
                name="live_livepost_posts",
            ),
            path(
                "direct/<int:article_id>/publier.json",
                view(self.create_json),
                name="live_livepost_create",
            ),
            path(
                "direct/<int:article_id>/terminer/",
                view(self.end_view),
                name="live_livepost_end",
            ),
            path("<int:pk>/modifier.json", view(self.edit_json), name="live_livepost_edit"),
            path("<int:pk>/supprimer.json", view(self.delete_json), name="live_livepost_remove"),
            path("<int:pk>/epingler.json", view(self.pin_json), name="live_livepost_pin"),
            *super().get_urls(),
        ]

    def _require_view(self, request) -> None:
        if not self.has_view_permission(request):
            raise PermissionDenied

    def _live_page(self, request, article_id: int) -> Article:
        self._require_view(request)
        return get_object_or_404(live_pages(request.user), pk=article_id)

    def index_view(self, request):
        """The live pages, running ones first, each with its number of posts."""
        self._require_view(request)
        lives = (
            live_pages(request.user)
            .annotate(posts=Count("live_posts", filter=Q(live_posts__deleted_at__isnull=True)))
            .order_by(F("live_ended_at").desc(nulls_first=True), "-created_at")
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Directs"),
            "lives": list(lives),
        }
        return TemplateResponse(request, "admin/live/index.html", context)

    def screen_view(self, request, article_id):
        article = self._live_page(request, article_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Direct : %(title)s") % {"title": article.title},
            "article": article,
            "form": QuickPostForm(),
            "can_post": services.can_post(request.user, article) and not article.live_has_ended,
            "can_end": services.can_end(request.user) and article.live_ended_at is None,
            "strings": {
                "edit": gettext("Modifier"),
                "save": gettext("Enregistrer"),
                "cancel": gettext("Annuler"),
                "delete": gettext("Supprimer"),
                "confirmDelete": gettext("Supprimer ce message du direct ?"),
                "pin": gettext("Épingler (l'essentiel)"),
                "unpin": gettext("Désépingler"),
                "important": gettext("Important"),
                "pinned": gettext("L'essentiel"),
                "admin": gettext("Image, « Lire aussi »…"),
                "posted": gettext("Message publié."),
                "saved": gettext("Message modifié."),
                "deleted": gettext("Message supprimé."),
                "failed": gettext(
                    "Le serveur ne répond pas : votre texte est conservé, réessayez."
                ),
                "editText": gettext("Texte du message"),
                "empty": gettext("Aucun message pour l'instant."),
            },
        }
        return TemplateResponse(request, "admin/live/screen.html", context)

    def _post_json(self, request, post: LivePost) -> dict:
        change = services.can_change(request.user, post)
        plain = is_plain(post.text)
        return {
            "id": post.pk,
            "time": time_label(post.created_at),
            "created": post.created_at.isoformat(),
            "updated": post.updated_at.isoformat(),
            "author": post.author_name,
            "html": post.text,  # sanitized on save
            "text": plain_text(post.text) if plain else None,
            "important": post.important,
            "pinned": post.pinned,
            "image": bool(post.image_id),
            "can_change": change,
            "can_pin": services.can_pin(request.user),
            "admin_url": reverse("admin:live_livepost_change", args=[post.pk]) if change else "",
            "edit_url": reverse("admin:live_livepost_edit", args=[post.pk]),
            "delete_url": reverse("admin:live_livepost_remove", args=[post.pk]),
            "pin_url": reverse("admin:live_livepost_pin", args=[post.pk]),
        }

    def posts_json(self, request, article_id):
        article = self._live_page(request, article_id)
        if request.method != "GET":
            return _error(gettext("Méthode non permise."), 405)
        posts = (
            LivePost.objects.visible()
            .filter(article=article)
            .newest_first()
            .only(*POST_FIELDS)[:SCREEN_POSTS]
        )
        return JsonResponse(
            {
                "ended": article.live_has_ended,
                "posts": [self._post_json(request, post) for post in posts],
            }
        )

    def create_json(self, request, article_id):
        article = self._live_page(request, article_id)
        if request.method != "POST":
            return _error(gettext("Méthode non permise."), 405)
        form = QuickPostForm(request.POST)
        if not form.is_valid():
            return JsonResponse({"errors": form.errors}, status=400)
        try:
            post = services.create_post(
                article=article,
                by=request.user,
                text=text_to_html(form.cleaned_data["text"]),
                important=form.cleaned_data["important"],
                pinned=form.cleaned_data["pinned"],
            )
        except PermissionDenied:
            return _error(gettext("Vous ne pouvez pas publier sur ce direct."), 403)
        except ValidationError as error:
            return _error(" ".join(error.messages), 400, "text")
        return JsonResponse(self._post_json(request, post), status=201)

    def _post_for(self, request, pk) -> LivePost:
        self._require_view(request)
        post = get_object_or_404(LivePost.objects.visible().select_related("article"), pk=pk)
        get_object_or_404(live_pages(request.user), pk=post.article_id)
        return post

    def edit_json(self, request, pk):
        post = self._post_for(request, pk)
        if request.method != "POST":
            return _error(gettext("Méthode non permise."), 405)
        form = QuickEditForm(request.POST)
        if not form.is_valid():
            return JsonResponse({"errors": form.errors}, status=400)
        if not is_plain(post.text):
            message = gettext("Ce message a une mise en forme : modifiez-le dans l'admin.")
            return _error(message, 409)
        try:
            services.edit_post(
                post=post,
                by=request.user,
                text=text_to_html(form.cleaned_data["text"]),
                important=form.cleaned_data["important"],
            )
        except PermissionDenied:
            return _error(gettext("Vous ne pouvez modifier que vos propres messages."), 403)
        except ValidationError as error:
            return _error(" ".join(error.messages), 400, "text")
        return JsonResponse(self._post_json(request, post))

    def delete_json(self, request, pk):
        post = self._post_for(request, pk)
        if request.method != "POST":
            return _error(gettext("Méthode non permise."), 405)
        try:
            services.delete_post(post=post, by=request.user)
        except PermissionDenied:
            return _error(gettext("Vous ne pouvez supprimer que vos propres messages."), 403)
        return JsonResponse({"id": post.pk, "deleted": True})

    def pin_json(self, request, pk):
        post = self._post_for(request, pk)
        if request.method != "POST":
            return _error(gettext("Méthode non permise."), 405)
        try:
            services.pin_post(post=post, by=request.user, pinned=request.POST.get("pinned") == "1")
        except PermissionDenied:
            return _error(gettext("Vous ne pouvez pas épingler ce message."), 403)
        return JsonResponse(self._post_json(request, post))

    def end_view(self, request, article_id):
        article = self._live_page(request, article_id)
        if request.method != "POST":
            return _error(gettext("Méthode non permise."), 405)
        try:
            services.end_coverage(article=article, by=request.user)
        except PermissionDenied:
            messages.error(request, gettext("Seul un éditeur peut terminer un direct."))
        else:
            messages.success(request, gettext("Le direct est terminé."))
        return HttpResponseRedirect(reverse("admin:live_livepost_screen", args=[article.pk]))


POST_FIELDS = (
    "pk",
    "article_id",
    "author_id",
    "author_name",
    "text",
    "image_id",
    "important",
    "pinned",
    "created_at",
    "updated_at",
    "deleted_at",
)
