"""Results of an ensemble as plain data (:mod:`.result`), their manifest (:mod:`.manifest`) and
their directories on disk (:mod:`.store`)."""

from .result import EnsembleResult
from .store import load_result, save_result

__all__ = ["EnsembleResult", "load_result", "save_result"]
