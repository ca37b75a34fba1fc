"""Errors the domain raises; the API maps each kind to one HTTP status."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every refusal the domain makes."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class InvalidInput(DomainError):
    """The command's data is wrong (HTTP 422)."""


class NotFound(DomainError):
    """The command names something that does not exist (HTTP 404)."""


class Conflict(DomainError):
    """The command contradicts what already happened (HTTP 409)."""
