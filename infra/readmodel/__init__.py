"""The read side: query tables kept current from the event store's notification log."""

from infra.readmodel.model import ReadModel
from infra.readmodel.queries import Queries
from infra.readmodel.runner import ProjectionRunner

__all__ = ["ProjectionRunner", "Queries", "ReadModel"]
