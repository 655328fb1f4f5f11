"""kib: the command-line toolkit of a Swedish municipal committee secretary."""

__version__ = "0.1.0"
