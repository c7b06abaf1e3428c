"""The project's URLs and one view that fails, for the 500 page's tests."""

from django.urls import path

from newsroom.urls import urlpatterns as project_urlpatterns


def fail(request):
    raise RuntimeError("A failure for the 500 page's tests.")


urlpatterns = [path("echec/", fail), *project_urlpatterns]
