"""``python -m escalation_sim``: the same command line as ``escalation-sim``."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
