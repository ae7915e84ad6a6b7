"""The query parameters every paginated list takes."""

from __future__ import annotations

from typing import Annotated

from litestar.params import QueryParameter

from thebot.domain.shared.pagination import MAX_LIMIT

# The largest integers the database binds (PostgreSQL's integer and bigint): a number past
# them cannot name anything, and is refused as invalid input rather than failing in the driver.
MAX_INT = 2**31 - 1
MAX_BIGINT = 2**63 - 1

Limit = Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, QueryParameter(ge=0, le=MAX_INT)]
