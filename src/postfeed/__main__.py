"""``python -m postfeed``: the same as the ``postfeed`` command."""

from postfeed.cli import main

raise SystemExit(main())
