"""The batch room: running many documents and writing what they give, with nothing lost.

`run.py` is the entry point (`extract_files`: inputs on disk → Article JSONL and errors JSONL) and the local
engine; `pool.py` the local process pool (ordered results, workers that die with their parent);
`dask_engine.py` the optional Dask engine; `sinks.py` what both engines write through (whole-line writes,
the summary, resuming, the progress bar); `interrupt.py` a clean stop on SIGINT/SIGTERM. The engines import
`sinks` and `pool`, never each other or `run`.
"""
