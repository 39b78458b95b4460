"""The extractors as spaCy components, found through the spacy_factories entry points."""

from __future__ import annotations

import spacy

from pipeline.settings import Settings


def test_components_load_by_name_in_a_fresh_pipeline() -> None:
    nlp = spacy.load(Settings().models[-1])
    nlp.add_pipe("newsfacts_dates", config={"published": "2020-05-20"})
    nlp.add_pipe("newsfacts_quantities")
    nlp.add_pipe("newsfacts_countries")
    doc = nlp("On April 9, the hospital sent 20,000 surgical masks to Japan.")
    assert [(d.text, d.value) for d in doc._.newsfacts_dates] == [("April 9", "2020-04-09")]
    assert [(q.text, q.value, q.category) for q in doc._.newsfacts_quantities] == [
        ("20,000 surgical masks", 20000, "masks")
    ]
    assert [c.iso2 for c in doc._.newsfacts_countries] == ["JP"]
