"""newsfacts: news articles and press releases to validated, source-grounded facts.

    from pipeline import extract
    article = extract(text, published="2020-05-20")   # -> models.Article

`extract_many(documents)` is the batch form; `read_inputs(paths)` turns files into documents.
"""

from pipeline.runner import Pipeline, extract, extract_many
from pipeline.settings import Settings

__all__ = ["Pipeline", "Settings", "extract", "extract_many"]
