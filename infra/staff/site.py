from functools import update_wrapper
from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import path, reverse

from infra.staff import twofactor, views


class StaffAdminSite(admin.AdminSite):
    """
    The admin, behind the password and, for those who must give one, the second
    factor: a staff member who still owes it is sent to the verification page (or
    to enrolment without a device) from every admin page, and counts as without
    permission everywhere the admin asks (previews and audience pages included).
    """

    def has_permission(self, request) -> bool:
        return super().has_permission(request) and not twofactor.is_pending(request)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def wrapper(request, *args, **kwargs):
            if twofactor.is_pending(request):
                if view == self.logout:
                    # Logging out needs no second factor (LogoutView checks CSRF itself).
                    return view(request, *args, **kwargs)
                return self.second_factor_redirect(request)
            return inner(request, *args, **kwargs)

        return update_wrapper(wrapper, inner)

    def login(self, request, extra_context=None):
        if request.method == "GET" and twofactor.is_pending(request):
            return self.second_factor_redirect(request)
        return super().login(request, extra_context)

    def second_factor_redirect(self, request) -> HttpResponseRedirect:
        name = "two_factor_verify" if twofactor.has_device(request.user) else "two_factor_enrol"
        target = request.GET.get(REDIRECT_FIELD_NAME) or request.get_full_path()
        if target.startswith(reverse("admin:login")):
            target = reverse("admin:index")
        query = urlencode({REDIRECT_FIELD_NAME: target})
        return HttpResponseRedirect(f"{reverse(f'admin:{name}')}?{query}")

    def view_on_site(self, request, content_type_id, object_id):
        """
        Django's "view on site" redirect, for objects this staff member may see in the
        admin only: its Location would otherwise give away the address, and so the
        title, of anyone's unpublished story.
        """
        try:
            model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        except (ContentType.DoesNotExist, ValueError):
            raise PermissionDenied from None
        model_admin = self._registry.get(model)
        if model_admin is None or not model_admin.has_view_or_change_permission(request):
            raise PermissionDenied
        try:
            visible = model_admin.get_queryset(request).filter(pk=object_id).exists()
        except (ValueError, ValidationError):
            visible = False
        if not visible:
            raise PermissionDenied
        return shortcut(request, content_type_id, object_id)

    def get_urls(self):
        checked = [
            path(
                "r/<path:content_type_id>/<path:object_id>/",
                self.admin_view(self.view_on_site),
                name="view_on_site",
            )
            if getattr(pattern, "name", None) == "view_on_site"
            else pattern
            for pattern in super().get_urls()
        ]
        return [
            path("securite/verification/", views.verify, name="two_factor_verify"),
            path("securite/activation/", views.enrol, name="two_factor_enrol"),
            path("securite/codes-de-secours/", views.recovery_codes, name="two_factor_codes"),
            *checked,
        ]
