from django.urls import path

from audience import views

app_name = "audience"

urlpatterns = [
    path("audience/lu/<int:article_id>/", views.read_beacon, name="read"),
    # Before the admin's own URLs in newsroom/urls.py, so these win over "admin/<app>/".
    path("admin/audience/", views.staff_dashboard, name="dashboard"),
    path("admin/audience/article/<int:pk>/", views.staff_article_audience, name="article"),
]
