from django.urls import path

from wire import views

app_name = "wire"

urlpatterns = [
    path("api/wire/push", views.push, name="push"),
    path("api/ninjs/articles", views.feed, name="ninjs-feed"),
    path("api/ninjs/articles/<int:pk>", views.article, name="ninjs-article"),
]
