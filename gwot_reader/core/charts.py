"""What a chart shows, apart from how it is drawn: bars, a heatmap, document strips."""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("frequencies", "cooccurrence", "portrait")  # the charts there are, by name


@dataclass
class Bars:
    """Horizontal bars, one per label, in the label's colour."""

    title: str
    axis: str
    labels: list[str]
    values: list[float]
    colours: list[str]


@dataclass
class Heatmap:
    """A square table of counts, row labels left, column labels on top, a colour scale."""

    title: str
    scale: str
    rows: list[str]
    cols: list[str]
    values: list[list[float]]


@dataclass
class Strips:
    """One strip per document, marks at fractions of its length, and a legend of colours."""

    title: str
    axis: str
    names: list[str]
    marks: list[list[tuple[float, float, str]]]  # per strip: (left, width, colour), fractions
    legend: list[tuple[str, str]] = field(default_factory=list)  # (label, colour)


Chart = Bars | Heatmap | Strips
