"""
The site's URLs, with uploads served from the MEDIA_ROOT in force at request time.

newsroom/urls.py hands ``serve`` the MEDIA_ROOT of when it was imported, while each
test uploads into its own temporary folder.
"""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from newsroom.urls import urlpatterns as site_urlpatterns


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.*)$", media),
    *site_urlpatterns,
]
