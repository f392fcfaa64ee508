"""Project command line: `python -m scripts COMMAND` (see scripts/__main__.py)."""
