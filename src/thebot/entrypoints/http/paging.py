"""The query parameters every paginated list takes."""

from __future__ import annotations

from typing import Annotated

from litestar.params import QueryParameter

from thebot.domain.shared.pagination import MAX_LIMIT

Limit = Annotated[int, QueryParameter(ge=1, le=MAX_LIMIT)]
Offset = Annotated[int, QueryParameter(ge=0)]
