from django.contrib.admin.apps import AdminConfig


class NewsroomAdminConfig(AdminConfig):
    """Django's admin, with a default site that asks staff for their second factor."""

    default_site = "infra.staff.site.StaffAdminSite"
