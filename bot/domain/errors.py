"""Refusals the domain gives people; handlers turn them into a field error or an ephemeral reply."""

from __future__ import annotations


class DomainError(Exception):
    """A refusal worth telling the person, in words they can act on."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAllowed(DomainError):
    """The person may not do this (only the host can…, only admins can…)."""


class NotFound(DomainError):
    """What the person clicked on is gone, or belongs to another workspace."""


class NotSetUp(DomainError):
    def __init__(self) -> None:
        super().__init__(
            "Open Door isn't set up in this workspace yet. "
            "Ask a workspace admin to run `/visit setup`."
        )


class FieldErrors(DomainError):
    """Form input to fix; keys are the form's field names (which are also the modal block ids)."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def check(errors: dict[str, str]) -> None:
    """Raise the collected field errors, if any, all at once so people fix everything in one go."""
    if errors:
        raise FieldErrors(errors)
