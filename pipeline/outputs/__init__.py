"""The outputs room: what reads the Article JSONL newsfacts writes.

`tables.py` flattens Articles into typed tables (one per view); `query.py` runs SQL over them (DuckDB);
`export.py` writes them as Parquet or CSV; `review.py` draws the HTML review page.
"""
