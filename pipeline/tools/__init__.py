"""The tools room: measuring newsfacts.

`evaluate.py` scores project gold field by field; `evaluate_suite.py` scores mention suites (MEANTIME) per
label, and the bare spaCy model the same way; `bench.py` is `make bench`.
"""
