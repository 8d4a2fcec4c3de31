"""Benchmarks of aekeras against published figures; `python bench/run.py` writes BENCHMARKS.md.

Modules: ``anchors`` (published figures and their sources), ``quality`` (MNIST quality rows),
``speed`` (epoch times, scaling, XLA), ``reference`` (the same architectures in plain Keras),
``notebooks`` (per-notebook run times from the course runner), ``report`` (the markdown),
``common`` (data, seeds, timers, the Result record) and ``run`` (the command line).
"""
