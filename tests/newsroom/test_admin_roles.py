"""
Every admin screen and action, for each role, answers what the README's roles table
says. The URLs and actions are read from the admin registry and the URL conf, so a
new screen (or a new app's admin) fails here until its row says who may use it.
"""

import re

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.urls import URLPattern, reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from reversion.models import Version

from articles import services
from articles.models import Agency, Article, Author, Correction, Section, ShareLink, Topic
from comments.models import (
    Comment,
    Complaint,
    Erasure,
    LegalHold,
    ModerationEvent,
    Report,
    ThreatReport,
)
from compliance.models import AuthorityOrder
from desk.models import Alert, Arrangement
from images.models import Image
from infra.models import TaskRecord
from live.models import LivePost
from tests.factories import ArticleFactory, CommentFactory, ImageFactory, UserFactory
from wire.models import Dispatch, PartnerToken, ReceivedItem, WireAlert, WireSource

pytestmark = pytest.mark.django_db
User = get_user_model()

ROLES = ("anonymous", "journalist", "editor", "moderator")
GROUPS = {"journalist": "Rédacteurs", "editor": "Éditeurs", "moderator": "Modérateurs"}

# The README's roles table, screen by screen: what each role may do on a model's
# pages (v: see, a: add, c: change, d: delete). Models absent from the table (users,
# groups, login records, second-factor devices) are for superusers only.
ACCESS = {
    "articles.article": {"journalist": "vac", "editor": "vac"},
    "articles.correction": {"journalist": "v", "editor": "v"},
    "articles.section": {"journalist": "v", "editor": "vac"},
    "articles.topic": {"journalist": "v", "editor": "vacd"},
    "articles.author": {"journalist": "v", "editor": "vac"},
    "articles.agency": {"journalist": "v", "editor": "vac"},
    "images.image": {"journalist": "vac", "editor": "vac"},
    "comments.comment": {"moderator": "vc"},
    "comments.report": {"moderator": "v"},
    "comments.legalhold": {"moderator": "vac"},
    "comments.erasure": {"moderator": "v"},
    "comments.threatreport": {"moderator": "va"},
    "comments.complaint": {"moderator": "vc"},
    "compliance.authorityorder": {"moderator": "vac"},
    "infra.taskrecord": {"editor": "v"},
    "wire.dispatch": {"journalist": "v", "editor": "v"},
    "wire.wirealert": {"journalist": "v", "editor": "v"},
    "wire.receiveditem": {"editor": "v"},
    "wire.wiresource": {"editor": "v"},
    # The desk: editors arrange the pages (the arrange screen) and raise the banner.
    "desk.arrangement": {"editor": "v"},
    "desk.alert": {"editor": "va"},
    "live.livepost": {"journalist": "vac", "editor": "vac"},
}
SUPERUSERS_ONLY = {
    "auth.user",
    "auth.group",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "otp_totp.totpdevice",
    "otp_static.staticdevice",
    "wire.partnertoken",
}

# The admin actions each role is offered, by model.
ACTIONS = {
    "articles.article": {"editor": {"publish_selected", "unpublish_selected"}},
    "articles.topic": {"editor": {"delete_selected"}},
    "comments.comment": {"moderator": {"accept", "reject", "dismiss", "reopen"}},
    "comments.legalhold": {"moderator": {"release"}},
    "comments.complaint": {"moderator": {"maintain", "reverse"}},
    "compliance.authorityorder": {"moderator": {"give_effect"}},
    "images.image": {"editor": {"withdraw_selected", "restore_selected"}},
    "infra.taskrecord": {"editor": {"retry"}},
    "wire.wirealert": {"journalist": {"acknowledge"}, "editor": {"acknowledge"}},
    "desk.alert": {"editor": {"lower_selected"}},
    "live.livepost": {"journalist": {"delete_posts"}, "editor": {"delete_posts"}},
}

LOGIN = 302  # anonymous visitors are sent to the login page

# Screens beyond a model's list, add, change, history and delete pages:
# (anonymous, journalist, editor, moderator). GET only; the POST-only steps answer 403
# to a GET whoever asks.
CUSTOM = {
    "index": (LOGIN, 200, 200, 200),
    "login": (200, 302, 302, 302),
    "logout": (LOGIN, 405, 405, 405),
    "password_change": (LOGIN, 200, 200, 200),
    "password_change_done": (LOGIN, 200, 200, 200),
    "autocomplete": (LOGIN, 403, 403, 403),  # without its parameters
    "jsi18n": (LOGIN, 200, 200, 200),
    "view_on_site": (LOGIN, 302, 302, 403),
    "two_factor_verify": (LOGIN, 302, 302, 302),  # no device yet: on to enrolment
    "two_factor_enrol": (LOGIN, 200, 200, 200),
    "two_factor_codes": (LOGIN, 302, 302, 302),  # nothing to show
    "app_list:articles": (LOGIN, 200, 200, 404),
    "app_list:comments": (LOGIN, 404, 404, 200),
    "articles_article_workflow": (LOGIN, 403, 403, 403),
    "articles_article_share": (LOGIN, 403, 403, 403),
    "articles_article_share_revoke": (LOGIN, 403, 403, 403),
    "articles_article_restore": (LOGIN, 403, 403, 403),
    "articles_article_read_also_search": (LOGIN, 200, 200, 403),
    "articles_article_image_search": (LOGIN, 200, 200, 403),
    "articles_article_embed_preview": (LOGIN, 403, 403, 403),  # a GET: POST only
    "articles_article_diff": (LOGIN, 200, 200, 403),
    "articles_article_revision": (LOGIN, 302, 302, 302),  # to the diff, which checks
    "articles_article_recoverlist": (LOGIN, 403, 403, 403),
    "articles_article_recover": (LOGIN, 403, 403, 403),
    "auth_user_password_change": (LOGIN, 403, 403, 403),
    "otp_totp_totpdevice_config": (LOGIN, 403, 403, 403),
    "otp_totp_totpdevice_qrcode": (LOGIN, 403, 403, 403),
    "audience:dashboard": (LOGIN, 200, 200, 403),
    "audience:article": (LOGIN, 200, 200, 403),
    "articles:preview": (LOGIN, 200, 200, 403),
    "wire_dispatch_take": (LOGIN, 302, 302, 403),  # a GET leads to the reading page
    "desk_arrangement_arrange": (LOGIN, 403, 200, 403),
    "desk_arrangement_arrange_section": (LOGIN, 403, 200, 403),
    "desk_arrangement_restore": (LOGIN, 403, 403, 403),
    "desk_arrangement_cancel": (LOGIN, 403, 403, 403),
    "articles:front_preview": (LOGIN, 403, 405, 403),  # POST from the arrange screen
    "articles:section_preview": (LOGIN, 403, 405, 403),
    "compliance_transparency_report": (LOGIN, 403, 403, 200),
    # Superusers and holders of comments.view_email only (no role has it by default).
    "comments_comment_email": (LOGIN, 403, 403, 403),
    # The live fast screen and its JSON endpoints; the POST-only ones answer 405 to a GET.
    "live_livepost_index": (LOGIN, 200, 200, 403),
    "live_livepost_screen": (LOGIN, 200, 200, 403),
    "live_livepost_posts": (LOGIN, 200, 200, 403),
    "live_livepost_create": (LOGIN, 405, 405, 403),
    "live_livepost_end": (LOGIN, 405, 405, 403),
    "live_livepost_edit": (LOGIN, 405, 405, 403),
    "live_livepost_remove": (LOGIN, 405, 405, 403),
    "live_livepost_pin": (LOGIN, 405, 405, 403),
    "images_image_archived": (LOGIN, 404, 404, 403),  # the image is not withdrawn
}

STANDARD = re.compile(
    r"^(?P<label>\w+?)_(?P<model>[a-z]+)_(?P<page>changelist|add|change|history|delete)$"
)


def expected_standard(label: str, page: str) -> tuple[int, ...]:
    if label in SUPERUSERS_ONLY:
        return (LOGIN, 403, 403, 403)
    rights = ACCESS[label]
    needs = {"changelist": "v", "change": "v", "history": "v", "add": "a", "delete": "d"}[page]
    return (LOGIN, *(200 if needs in rights.get(role, "") else 403 for role in ROLES[1:]))


@pytest.fixture
def world():
    """One object of every registered model, and a member of each role."""
    users = {}
    for role, group in GROUPS.items():
        user = UserFactory(username=role, is_staff=True)
        user.groups.add(Group.objects.get(name=group))
        users[role] = user
    article = ArticleFactory(
        status=Article.Status.DRAFT, published_at=None, created_by=users["journalist"]
    )
    services.submit_for_review(article=article, by=users["journalist"])  # a revision
    comment = CommentFactory(article=ArticleFactory())
    boss = UserFactory(username="boss", is_staff=True, is_superuser=True)
    objects = {
        Article: article,
        Correction: Correction.objects.create(article=article, text="Erratum"),
        Section: article.section,
        Topic: Topic.objects.create(name="Climat", slug="climat"),
        Author: Author.objects.create(name="Léa", slug="lea"),
        Agency: Agency.objects.create(name="Reuters", short_name="Reuters"),
        Comment: comment,
        Report: Report.objects.create(comment=comment, reason="spam", reporter_key="k"),
        LegalHold: LegalHold.objects.create(comment=comment, reason="Plainte", set_by_name="x"),
        Erasure: Erasure.objects.create(email_hash="0" * 64, source="command"),
        Complaint: Complaint.objects.create(
            comment=comment,
            role="author",
            decision=ModerationEvent.objects.create(comment=comment, action="rejected"),
            text="Je conteste",
        ),
        ThreatReport: ThreatReport.objects.create(
            report=Report.objects.create(comment=comment, reason="illegal", reporter_key="t"),
            authority="Pharos",
            informed_at=timezone.now(),
            note="Menace de mort",
            recorded_by_name="x",
        ),
        AuthorityOrder: AuthorityOrder.objects.create(
            kind="act",
            authority="Tribunal judiciaire de Paris",
            reference="RG 26/001",
            issued_on=timezone.localdate(),
            scope="Retrait",
        ),
        Image: ImageFactory(),
        User: users["editor"],
        Group: Group.objects.get(name="Éditeurs"),
        TOTPDevice: TOTPDevice.objects.create(user=boss, name="Téléphone"),
        StaticDevice: StaticDevice.objects.create(user=boss, name="Codes"),
        AccessAttempt: AccessAttempt.objects.create(
            username="boss", ip_address="192.0.2.1", failures_since_start=1
        ),
        AccessLog: AccessLog.objects.create(username="boss", ip_address="192.0.2.1"),
        AccessFailureLog: AccessFailureLog.objects.create(username="boss", ip_address="192.0.2.1"),
        TaskRecord: TaskRecord.objects.create(
            task_path="infra.tasks.purge_cdn",
            args_kwargs={"args": [], "kwargs": {}},
            backend_name="default",
            queue_name="default",
            run_after=timezone.now(),
            exception_class_path="",
            traceback="",
        ),
    }
    source = WireSource.objects.create(agency=objects[Agency], provider_ids="Reuters")
    received = ReceivedItem.objects.create(source=source, origin="push", outcome="accepted")
    dispatch = Dispatch.objects.create(
        source=source, received=received, uri="urn:x", version="1", format="ninjs"
    )
    objects |= {
        WireSource: source,
        ReceivedItem: received,
        Dispatch: dispatch,
        WireAlert: WireAlert.objects.create(article=article, dispatch=dispatch),
        PartnerToken: PartnerToken.objects.create(name="Agrégateur", token_hash="0" * 64),
    }
    objects |= {
        Arrangement: Arrangement.objects.create(created_by=users["editor"]),
        Alert: Alert.objects.create(
            text="Alerte", article=ArticleFactory(), expires_at=timezone.now()
        ),
    }
    live_page = ArticleFactory(kind=Article.Kind.LIVE)
    # The journalist's own post: the change page is theirs to open.
    objects[LivePost] = LivePost.objects.create(
        article=live_page, author=users["journalist"], author_name="Rédaction", text="<p>Un.</p>"
    )
    link = ShareLink.objects.create(article=article, created_by=users["editor"])
    return {
        "users": users,
        "objects": objects,
        "article": article,
        "link": link,
        "live_page": live_page,
    }


def object_for(model, world):
    """The world's object of this model; the first row for the others (None for none)."""
    return world["objects"].get(model) or model._default_manager.first()


def admin_urls(world) -> dict[str, str]:
    """Every admin URL by name, with the ids of the world's objects."""
    article, link = world["article"], world["link"]
    version = Version.objects.get_for_object(article).first()
    urls = {}
    for model, model_admin in admin.site._registry.items():
        obj = object_for(model, world)
        for pattern in model_admin.get_urls():
            if not isinstance(pattern, URLPattern) or pattern.name is None:
                continue  # the bare "<id>/" redirects to the change page
            kwargs = {}
            for name in pattern.pattern.converters:
                kwargs[name] = {
                    "object_id": getattr(obj, "pk", 1),
                    "id": getattr(obj, "pk", 1),
                    "pk": getattr(obj, "pk", 1),
                    "version_id": version.pk,
                    "step": "submit",
                    "link_id": link.pk,
                    "section_id": article.section_id,
                    "kind": "comment",
                    "article_id": world["live_page"].pk,
                }[name]
            # django-reversion's regular expressions: (object id,) version id.
            groups = pattern.pattern.regex.groups - len(pattern.pattern.regex.groupindex)
            args = [getattr(obj, "pk", 1), version.pk][-groups:] if groups else None
            urls[pattern.name] = reverse(f"admin:{pattern.name}", args=args, kwargs=kwargs or None)
    site = {
        "index": {},
        "login": {},
        "logout": {},
        "password_change": {},
        "password_change_done": {},
        "autocomplete": {},
        "jsi18n": {},
        "two_factor_verify": {},
        "two_factor_enrol": {},
        "two_factor_codes": {},
        "view_on_site": {
            "content_type_id": ContentType.objects.get_for_model(Article).pk,
            "object_id": article.pk,
        },
    }
    for name in (p.name for p in admin.site.get_urls() if getattr(p, "name", None)):
        assert name in site or name == "app_list", f"admin:{name} is missing from this test"
    urls.update({name: reverse(f"admin:{name}", kwargs=kw) for name, kw in site.items()})
    urls["app_list:articles"] = reverse("admin:app_list", kwargs={"app_label": "articles"})
    urls["app_list:comments"] = reverse("admin:app_list", kwargs={"app_label": "comments"})
    urls["audience:dashboard"] = reverse("audience:dashboard")
    urls["audience:article"] = reverse("audience:article", args=[article.pk])
    urls["articles:preview"] = reverse("articles:preview", args=[article.pk])
    urls["articles:front_preview"] = reverse("articles:front_preview")
    urls["articles:section_preview"] = reverse(
        "articles:section_preview", args=[article.section.slug]
    )
    return urls


def expected(name: str) -> tuple[int, ...]:
    if name in CUSTOM:
        return CUSTOM[name]
    match = STANDARD.match(name)
    assert match, f"{name}: a new admin screen; say in CUSTOM who may open it"
    model = next(
        m
        for m in admin.site._registry
        if f"{m._meta.app_label}_{m._meta.model_name}" == (f"{match['label']}_{match['model']}")
    )
    return expected_standard(model._meta.label_lower, match["page"])


def test_every_registered_model_has_a_row():
    labels = {model._meta.label_lower for model in admin.site._registry}

    assert labels == set(ACCESS) | SUPERUSERS_ONLY


def test_every_admin_url_answers_each_role_as_the_roles_table_says(client, world):
    answers, wanted = {}, {}
    for name, url in sorted(admin_urls(world).items()):
        row = []
        for role in ROLES:
            client.logout()
            if role != "anonymous":
                client.force_login(world["users"][role])
            row.append(client.get(url).status_code)
        answers[name], wanted[name] = tuple(row), expected(name)

    assert answers == wanted


def test_every_admin_action_is_offered_as_the_roles_table_says(world):
    offered, wanted = {}, {}
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        for role in ROLES[1:]:
            request = RequestFactory().get("/admin/")
            request.user = world["users"][role]
            # Actions run from the list page: none is reachable without it.
            reachable = model_admin.has_view_or_change_permission(request)
            offered[label, role] = set(model_admin.get_actions(request)) if reachable else set()
            wanted[label, role] = ACTIONS.get(label, {}).get(role, set())

    assert offered == wanted
