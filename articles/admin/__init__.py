"""
The articles' admin. Importing its modules registers their ModelAdmins; another app
extends ``ArticleAdmin`` by subclassing it and registering the subclass in its place.
"""

from articles.admin.articles import ArticleAdmin, CorrectionAdmin
from articles.admin.taxonomy import AgencyAdmin, AuthorAdmin, SectionAdmin, TopicAdmin

__all__ = [
    "AgencyAdmin",
    "ArticleAdmin",
    "AuthorAdmin",
    "CorrectionAdmin",
    "SectionAdmin",
    "TopicAdmin",
]
