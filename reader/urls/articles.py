from django.urls import path

from reader import feeds
from reader.views import articles as views
from reader.views import live, search

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("article/<slug:slug>-<int:pk>/", views.ArticleView.as_view(), name="detail"),
    path("direct/<int:pk>/messages.json", live.updates, name="live_updates"),
    path("rubrique/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("rubrique/<slug:slug>/rss.xml", feeds.SectionFeed(), name="section_feed"),
    path("sujet/<slug:slug>/", views.TopicView.as_view(), name="topic"),
    path("auteur/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    path("rss.xml", feeds.LatestFeed(), name="feed"),
    path("recherche/", search.search, name="search"),
    path("apercu/article/<int:pk>/", views.staff_preview, name="preview"),
    path("apercu/<str:token>/", views.preview_share, name="preview_share"),
]
