"""Personal calendar feeds: the subscription URL, its rotation, and the iCalendar feed itself."""

from __future__ import annotations

from litestar import Controller, Response, get, post
from litestar.params import FromQuery
from litestar.status_codes import HTTP_200_OK

from thebot.entrypoints.http.deps import BEARER, PUBLIC, ContainerDep, PrincipalDep, UowDep
from thebot.entrypoints.http.schemas.calendar import CalendarFeedOut

# Litestar adds "; charset=utf-8" to text media types.
ICS_MEDIA_TYPE = "text/calendar"


class CalendarController(Controller):
    path = "/calendar"
    tags = ["scheduling"]
    security = BEARER

    @get("", operation_id="getCalendarFeed")
    async def get_feed(
        self, principal: PrincipalDep, container: ContainerDep, uow: UowDep
    ) -> CalendarFeedOut:
        """The URL of one's personal iCalendar feed, for Google Calendar or Apple Calendar."""
        url = await container.calendar_service(uow).feed_url(principal)
        return CalendarFeedOut(feed_url=url)

    @post("/rotate", operation_id="rotateCalendarFeed", status_code=HTTP_200_OK)
    async def rotate_feed(
        self, principal: PrincipalDep, container: ContainerDep, uow: UowDep
    ) -> CalendarFeedOut:
        """A new feed URL; the old one stops working at once."""
        url = await container.calendar_service(uow).rotate(principal)
        await uow.commit()
        return CalendarFeedOut(feed_url=url)


@get(
    "/calendar.ics",
    operation_id="getCalendarIcs",
    tags=["scheduling"],
    opt=PUBLIC,
    media_type=ICS_MEDIA_TYPE,
)
async def get_calendar_ics(
    container: ContainerDep,
    uow: UowDep,
    token: FromQuery[str],
) -> Response[bytes]:
    """The iCalendar (RFC 5545) feed of one's lessons; the token of the feed URL is the only key.

    An unknown, forged or rotated token answers 404, and never says whose it was.
    """
    text = await container.calendar_service(uow).feed(token)
    return Response(text.encode("utf-8"), media_type=ICS_MEDIA_TYPE)
