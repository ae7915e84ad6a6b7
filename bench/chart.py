"""A bar chart of a benchmark run drawn with Pillow (the project does not ship matplotlib).

Two panels share the scenario axis: requests per second (more is better) and p99 latency in
milliseconds (less is better), each with the dashboard target as a dashed line.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from bench.load import ScenarioResult
from PIL import Image, ImageDraw, ImageFont

ROW, LABEL_WIDTH, PANEL_WIDTH, TOP, GAP = 30, 250, 420, 70, 40
COLOURS = {"ok": (79, 70, 229), "dashboard": (16, 185, 129), "target": (220, 38, 38)}


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.load_default(size=size)
    except (OSError, TypeError):  # a Pillow without FreeType: the small bitmap font
        return ImageFont.load_default()


def _panel(
    draw: ImageDraw.ImageDraw,
    left: int,
    title: str,
    values: Sequence[float | None],
    dashboards: Sequence[bool],
    target: float,
) -> None:
    font, small = _font(15), _font(12)
    draw.text((left, TOP - 45), title, fill="black", font=font)
    # Bars beyond five times the target are cut (marked ">"), so the rest stay readable.
    top_value = min(max([v for v in values if v is not None] + [target]), 5 * target) * 1.1
    scale = (PANEL_WIDTH - 80) / top_value
    for i, (value, dashboard) in enumerate(zip(values, dashboards, strict=True)):
        y = TOP + i * ROW
        if value is None:
            draw.text((left + 4, y + 6), "not available", fill=(120, 120, 120), font=small)
            continue
        colour = COLOURS["dashboard"] if dashboard else COLOURS["ok"]
        width = max(1, round(min(value, top_value) * scale))
        cut = ">" if value > top_value else ""
        draw.rectangle((left, y + 4, left + width, y + ROW - 6), fill=colour)
        draw.text((left + width + 6, y + 7), f"{cut}{value:,.1f}", fill="black", font=small)
    x = left + round(target * scale)
    bottom = TOP + len(values) * ROW
    for y in range(TOP - 10, bottom, 8):
        draw.line((x, y, x, y + 4), fill=COLOURS["target"], width=2)
    draw.text((x + 4, TOP - 22), f"target {target:g}", fill=COLOURS["target"], font=small)


def draw_chart(results: Sequence[ScenarioResult], title: str, path: Path) -> Path:
    """Write the chart of ``results`` to ``path`` (PNG) and return the path."""
    height = TOP + len(results) * ROW + 50
    width = LABEL_WIDTH + 2 * PANEL_WIDTH + GAP + 20
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.text((10, 8), title, fill="black", font=_font(16))
    for i, result in enumerate(results):
        draw.text((10, TOP + i * ROW + 7), result.scenario, fill="black", font=_font(13))
    dashboards = [r.scenario.startswith("dashboard") for r in results]
    _panel(
        draw,
        LABEL_WIDTH,
        "requests / second",
        [r.rps if r.available else None for r in results],
        dashboards,
        400,
    )
    _panel(
        draw,
        LABEL_WIDTH + PANEL_WIDTH + GAP,
        "p99 latency, ms",
        [r.p99_ms if r.available else None for r in results],
        dashboards,
        100,
    )
    draw.text(
        (10, height - 30),
        "green: dashboards; dashed red: the dashboard targets (>= 400 req/s, p99 < 100 ms)",
        fill=(90, 90, 90),
        font=_font(12),
    )
    image.save(path, format="PNG")
    return path
