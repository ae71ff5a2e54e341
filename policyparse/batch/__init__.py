"""Batch: a folder of notices -> one JSON per input, task tables, a summary (``run_batch``).

``options`` says what a batch is asked to do, ``worker`` parses one file (in the local pool or
on a Dask worker: ``dask_runner``), ``runner`` finds the inputs, skips unchanged ones, journals
results and writes the tables.
"""

from .options import BatchOptions, Summary
from .runner import run_batch

__all__ = ["BatchOptions", "Summary", "run_batch"]
