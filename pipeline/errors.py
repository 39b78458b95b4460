"""The exception hierarchy: one root, one subclass per area. Messages name the input and what to do."""

from __future__ import annotations


class NewsfactsError(Exception):
    """Root of every error newsfacts raises on purpose."""


class InputError(NewsfactsError):
    """An input file, line or document cannot be read or is not a document."""


class ModelNotFound(NewsfactsError):
    """No spaCy model from the candidate list could be loaded."""


class ResourceError(NewsfactsError):
    """A lexicon or data file is missing or malformed."""


class SettingsError(NewsfactsError):
    """An option has a bad value."""


class GoldError(NewsfactsError):
    """A gold file line does not follow gold/README.md."""
