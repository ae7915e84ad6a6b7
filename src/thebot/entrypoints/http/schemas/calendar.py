"""Personal calendar feeds."""

from __future__ import annotations

from thebot.entrypoints.http.schemas.base import ResponseBody


class CalendarFeedOut(ResponseBody):
    """Where a calendar app subscribes to one's lessons (keep it private: it opens the feed)."""

    feed_url: str
