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


class LexiconError(ResourceError):
    """A lexicon in data/lexicons breaks its model (a bad or duplicated entry): found when the run starts.

    `problems` holds one line per problem (file, key or line, the bad value, what to fix); the message lists
    them all.
    """

    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.problems = problems

    def __reduce__(self) -> tuple[type[LexiconError], tuple[str, list[str]]]:
        # Raised in a worker process, it crosses to the main one pickled: keep both arguments.
        return type(self), (str(self), self.problems)


class SettingsError(NewsfactsError):
    """An option has a bad value."""


class GoldError(NewsfactsError):
    """A gold file line does not follow gold/README.md."""


class UsageError(NewsfactsError):
    """A command line that cannot work as given: a bad option value or combination, an output naming an input,
    an output that cannot be created (exit status 2)."""


class OutputLocked(NewsfactsError):
    """Another newsfacts run holds the lock on the output: the run does not start."""


class OutputError(NewsfactsError):
    """The output could not be written (disk full, an I/O error): the run stops; `--resume` finishes it."""
