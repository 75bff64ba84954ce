"""``python -m escalation_sim``: the same command line as ``escalation-sim``."""

from .cli import entry

if __name__ == "__main__":
    entry()
