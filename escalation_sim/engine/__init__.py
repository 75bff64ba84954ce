"""The engine: the Mesa model, its generic actors, the event log, recording and outcomes."""

from .actors import Actor
from .model import EscalationModel

__all__ = ["Actor", "EscalationModel"]
