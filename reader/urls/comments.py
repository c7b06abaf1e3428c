from django.urls import path
from django.views.generic import TemplateView

from reader.views import comments, complaints, reports

app_name = "comments"

urlpatterns = [
    path("commentaires/jeton/", comments.form_token, name="token"),
    path("commentaires/article/<int:article_id>/", comments.post_comment, name="post"),
    path("commentaires/<int:pk>/signaler/", reports.report_comment, name="report"),
    path("commentaires/<int:pk>/signaler/merci/", reports.report_done, name="report_done"),
    path("contestation/<str:token>/", complaints.contest_decision, name="complaint"),
    path(
        "charte-de-moderation/",
        TemplateView.as_view(template_name="comments/charter.html"),
        name="charter",
    ),
]
