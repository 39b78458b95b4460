"""Names: the people and organisations stages and the detectors they share.

`words.py` holds the lexicons, the word model and the organisation phrase finders; `acronyms.py` the
"Long Form (LF)" definitions; `short_forms.py` which of them (and which bracketed acronyms and tickers) name
an organisation; `person_names.py` the name runs that are people; `person_roles.py` a person's
title, role and organisation read around each mention; `people.py` and `organisations.py` the two stages.
Candidates each stage needs from the other are found once per article (`ArticleContext.shared`).
"""
