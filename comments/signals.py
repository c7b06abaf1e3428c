"""
What the comments tell the rooms above them. Comments import no higher room: a room
that must act on a comment decision connects to these signals in its
``AppConfig.ready()``, and the action is that room's own code.
"""

from django.dispatch import Signal

# A comment was published (delta=+1) or withdrawn (delta=-1) on article ``article_id``;
# ``when`` is the moment it counts for (its publication, or its posting). Sent inside the
# transaction of the decision, so a receiver's writes commit or roll back with it.
published_count_changed = Signal()
