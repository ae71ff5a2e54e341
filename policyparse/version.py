"""The package version, in a module of its own so that the modules that write it (a store row,
a batch manifest, the CLI) import it without importing the package root."""

__version__ = "0.5.0"
