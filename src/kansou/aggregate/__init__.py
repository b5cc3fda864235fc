"""Aggregate stage: turn stored scores and review texts into the verdict of a title.

``consensus`` (Bayesian score with an honest interval, spread, split),
``calibration`` (per-source leniency), ``episodes`` (per-episode timeline),
``aspects`` and ``sentences`` (aspect scores stated or read from text) and
``points`` (recurring praise and criticism with quotes). Every function here
takes plain data and returns frozen dataclasses or JSON-ready dicts.
"""
