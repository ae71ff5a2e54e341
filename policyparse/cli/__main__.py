"""``python -m policyparse.cli``: the command line (as ``python -m policyparse``)."""

import sys

from . import main

sys.exit(main())
