"""Charts drawn on the server as inline SVG: no script, nothing for the CSP to allow.

Colours come from classes in site.css (an inline style attribute would be refused). In a
right-to-left language the charts are mirrored: days run from right to left, bars grow
leftwards from their labels. Every chart is also a table on the page; the SVG is the picture.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Bar:
    label: str  # shown beside (or under) the bar
    value: float  # its length
    shown: str  # the value as the page writes it, localised


class _Canvas:
    """Places text and rectangles in left-to-right coordinates, mirrored when `rtl`."""

    def __init__(self, width: int, rtl: bool) -> None:
        self.width, self.rtl = width, rtl
        self.parts: list[SafeString] = []

    def x(self, x: float) -> float:
        return self.width - x if self.rtl else x

    def rect(self, x: float, y: float, w: float, h: float, css: str, title: str) -> None:
        left = self.x(x + w) if self.rtl else x
        self.parts.append(
            format_html(
                '<rect class="{}" x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect>',
                css,
                _n(left),
                _n(y),
                _n(max(w, 0)),
                _n(h),
                title,
            )
        )

    def text(self, x: float, y: float, text: str, align: str, css: str = "chart-label") -> None:
        """`align` as in left-to-right: "left" (text starts at x), "right" or "middle"."""
        if self.rtl and align != "middle":
            align = "left" if align == "right" else "right"
        # In a right-to-left chart the text runs right to left too (dates keep their marks
        # in order), so its start is its right edge.
        starts = "right" if self.rtl else "left"
        anchor = "middle" if align == "middle" else ("start" if align == starts else "end")
        self.parts.append(
            format_html(
                '<text class="{}" x="{}" y="{}" text-anchor="{}">{}</text>',
                css,
                _n(self.x(x)),
                _n(y),
                anchor,
                text,
            )
        )

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.parts.append(
            format_html(
                '<line class="chart-axis" x1="{}" y1="{}" x2="{}" y2="{}"/>',
                _n(self.x(x1)),
                _n(y1),
                _n(self.x(x2)),
                _n(y2),
            )
        )

    def svg(self, height: float, title: str) -> SafeString:
        return format_html(
            '<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
            'width="{}" height="{}" role="img" aria-label="{}" direction="{}">'
            "<title>{}</title>{}</svg>",
            self.width,
            _n(height),
            self.width,
            _n(height),
            title,
            "rtl" if self.rtl else "ltr",
            title,
            format_html_join("", "{}", ((part,) for part in self.parts)),
        )


def _n(number: float) -> str:
    return f"{number:.1f}".removesuffix(".0")


def columns(bars: list[Bar], *, title: str, rtl: bool, width: int = 640) -> SafeString:
    """One column per bar, in order (days, say), labels under some of them."""
    canvas = _Canvas(width, rtl)
    top, plot, gutter = 16, 140, 8
    peak = max((bar.value for bar in bars), default=0) or 1
    step = (width - 2 * gutter) / max(len(bars), 1)
    # A label every so often: about eight along the axis, the first and last among them.
    every = max(1, round(len(bars) / 8))
    base = top + plot
    canvas.line(gutter, base, width - gutter, base)
    for index, bar in enumerate(bars):
        height = plot * bar.value / peak
        x = gutter + index * step
        canvas.rect(
            x + step * 0.1,
            base - height,
            step * 0.8,
            height,
            "chart-bar",
            f"{bar.label}: {bar.shown}",
        )
        if index % every == 0 or index == len(bars) - 1:
            canvas.text(x + step / 2, base + 16, bar.label, "middle")
        if bar.value == peak and bar.value:
            canvas.text(x + step / 2, base - height - 4, bar.shown, "middle", "chart-value")
    return canvas.svg(base + 24, title)


def rows(bars: list[Bar], *, title: str, rtl: bool, width: int = 640) -> SafeString:
    """One horizontal bar per row, its label before it and its value after it."""
    canvas = _Canvas(width, rtl)
    label_end, value_room, height, gap = 240, 90, 18, 6
    peak = max((bar.value for bar in bars), default=0) or 1
    room = width - label_end - 8 - value_room
    for index, bar in enumerate(bars):
        y = index * (height + gap) + gap
        length = room * bar.value / peak
        canvas.text(label_end, y + height - 5, bar.label, "right")
        canvas.rect(label_end + 8, y, length, height, "chart-bar", f"{bar.label}: {bar.shown}")
        canvas.text(label_end + 12 + length, y + height - 5, bar.shown, "left", "chart-value")
    return canvas.svg(len(bars) * (height + gap) + gap, title)
