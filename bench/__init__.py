"""Benchmarks of aekeras against published figures; `python bench/run.py` writes BENCHMARKS.md.

``rows`` (the quality rows: train, score, return numbers), ``speed`` (epoch times), ``reference``
(plain-Keras and Keras-blog models), ``few_labels`` (the 100-label recipes), ``notebooks`` (the
course runner's times), ``verdicts`` (numbers -> yes / level / no), ``anchors`` (published
figures and sources), ``report`` (results.json and every word of BENCHMARKS.md), ``advice``,
``common`` (settings, data, training helpers) and ``run`` (the command line).
"""
