"""Word lists and gazetteers, installed as the package `pipeline.lexicons` (see pyproject.toml)."""
