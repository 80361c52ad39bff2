"""``python -m postfeed``: the same as the ``postfeed`` command."""

from postfeed.cli import run

run()
