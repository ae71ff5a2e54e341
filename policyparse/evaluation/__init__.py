"""Measuring the parser: golden files (``golden``), scoring against them (``score``), and the
quality floors a change may not fall below (``floors``)."""
