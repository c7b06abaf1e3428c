from django.contrib import admin
from django.core.files.storage import default_storage
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles import services
from articles.forms import ImageForm
from articles.models import Agency, Article, Author, Image, Section, Topic


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "role", "user"]
    list_select_related = ["user"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["short_name", "name"]
    search_fields = ["name", "short_name"]


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ["thumbnail", "__str__", "credit", "uploaded_at"]
    list_display_links = ["thumbnail", "__str__"]
    search_fields = ["caption", "alt_text", "credit"]
    date_hierarchy = "uploaded_at"
    readonly_fields = ["width", "height"]

    @admin.display(description=_("aperçu"))
    def thumbnail(self, obj):
        small = next((r for r in obj.renditions if r["format"] == "WEBP"), None)
        if small is None:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="80" height="{}" class="admin-thumb">',
            default_storage.url(small["path"]),
            round(80 * small["height"] / small["width"]),
        )

    def save_model(self, request, obj, form, change):
        services.save_image(
            image=obj,
            clean=form.clean_image,
            original_name=getattr(form.cleaned_data.get("file"), "name", ""),
            by=request.user,
        )


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "section", "published_at", "view_on_site_link"]
    list_filter = ["status", "section", "authors"]
    list_select_related = ["section"]
    search_fields = ["title"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["section", "topics", "authors", "agencies", "main_image"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "section", "topics", "lead", "body"]}),
        (_("Signature et sources"), {"fields": ["authors", "credit_line", "agencies"]}),
        (_("Image"), {"fields": ["main_image"]}),
        (_("Publication"), {"fields": ["status", "published_at", "embargo_until"]}),
    ]

    @admin.display(description=_("sur le site"))
    def view_on_site_link(self, obj):
        if obj.status != Article.Status.PUBLISHED:
            return "—"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("Voir sur le site"))

    def save_model(self, request, obj, form, change):
        services.save_article(article=obj, changed_fields=form.changed_data if change else ())
