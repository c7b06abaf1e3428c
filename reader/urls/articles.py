from django.urls import path

from infra.replica import from_replica
from reader import feeds
from reader.views import articles as views
from reader.views import desk, live, search

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("article/<slug:slug>-<int:pk>/", views.ArticleView.as_view(), name="detail"),
    path("direct/<int:pk>/messages.json", live.updates, name="live_updates"),
    path("rubrique/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("rubrique/<slug:slug>/rss.xml", from_replica(feeds.SectionFeed()), name="section_feed"),
    path("sujet/<slug:slug>/", views.TopicView.as_view(), name="topic"),
    path("auteur/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("rss.xml", from_replica(feeds.LatestFeed()), name="feed"),
    path("recherche/", from_replica(search.search), name="search"),
    path("apercu/article/<int:pk>/", views.staff_preview, name="preview"),
    path("apercu/une/", desk.front_preview, name="front_preview"),
    path("apercu/rubrique/<slug:slug>/", desk.section_preview, name="section_preview"),
    path("alerte.json", desk.alert_banner, name="alert_banner"),
    path("alerte/", desk.alert_page, name="alert"),
    path("apercu/<str:token>/", views.preview_share, name="preview_share"),
]
