"""``thebot seed``: demo data and school-sized data sets, made by the platform's own rules."""

from __future__ import annotations

import click


@click.group()
def seed() -> None:
    """Fill a database with a demo school or a school-sized data set."""


# Each seeder registers its command on ``seed`` when imported (below this line).
from thebot.entrypoints.seeds import demo as demo  # noqa: E402  (registers the command)
from thebot.entrypoints.seeds import scale as scale  # noqa: E402  (registers the command)
