from django.urls import path

from reader.views import comments, complaints, legal, personal_data, reports

app_name = "comments"

urlpatterns = [
    path("commentaires/jeton/", comments.form_token, name="token"),
    path("commentaires/article/<int:article_id>/", comments.post_comment, name="post"),
    path("commentaires/<int:pk>/signaler/", reports.report_comment, name="report"),
    path("commentaires/<int:pk>/signaler/merci/", reports.report_done, name="report_done"),
    path("contestation/<str:token>/", complaints.contest_decision, name="complaint"),
    path("charte-de-moderation/", legal.charter, name="charter"),
    path("mentions-legales/", legal.legal_notice, name="legal_notice"),
    path("contact-dsa/", legal.contact_point, name="contact_point"),
    path("confidentialite/", legal.privacy_notice, name="privacy"),
    path("mes-donnees/", personal_data.request_link, name="my_data"),
    path("mes-donnees/<str:token>/", personal_data.data_link, name="my_data_link"),
]
