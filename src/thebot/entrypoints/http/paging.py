"""The query parameters every paginated list takes."""

from __future__ import annotations

from typing import Annotated

from litestar.params import QueryParameter

from thebot.domain.shared.pagination import MAX_LIMIT

# The largest integer the database binds as an offset or a version (PostgreSQL's integer): a
# number past it cannot name anything, and is refused as invalid input, not failing in the driver.
MAX_INT = 2**31 - 1

Limit = Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, QueryParameter(ge=0, le=MAX_INT)]
