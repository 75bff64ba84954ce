"""What an ensemble says: summaries with intervals, paired comparisons and explanations."""

from .compare import compare
from .explain import explain

__all__ = ["compare", "explain"]
