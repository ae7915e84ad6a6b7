"""One page of a select and the total, in one statement while the page has rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Row, Select, func
from sqlalchemy.ext.asyncio import AsyncSession

from thebot.domain.shared.pagination import PageRequest


async def windowed_page(
    session: AsyncSession,
    statement: Select[Any],
    page: PageRequest,
    count: Callable[[], Select[Any]],
) -> tuple[Sequence[Row[Any]], int]:
    """The rows of ``page`` (each ending with the total, ``count(*) over ()``) and the total.

    A page past the end has no row to carry the total: then ``count()`` (a select of the count
    under the same conditions) is run instead.
    """
    rows = (
        await session.execute(
            statement.add_columns(func.count().over()).limit(page.limit).offset(page.offset)
        )
    ).all()
    if rows:
        return rows, int(rows[0][-1])
    if not page.offset:
        return rows, 0
    return rows, int(await session.scalar(count()) or 0)
