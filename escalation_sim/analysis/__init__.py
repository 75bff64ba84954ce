"""What an ensemble says: tidy probability tables (:mod:`.tables`), the typed summary
(:mod:`.summary`), paired comparisons (:mod:`.compare`), explanations of single runs
(:mod:`.explain`) and the interval estimates they rest on (:mod:`.stats`)."""

from .compare import compare
from .explain import explain
from .summary import Summary, summarize

__all__ = ["Summary", "compare", "explain", "summarize"]
