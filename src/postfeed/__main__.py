"""``python -m postfeed`` and the ``postfeed`` command's entry point.

It imports the command inside ``main()``, so that a Ctrl-C while the modules load (the
first moments of a run) is the same one line and exit code 130 as later, never a
traceback for cron to mail.
"""

import os
import sys


def main() -> None:
    try:
        from postfeed.cli import run
    except KeyboardInterrupt:
        sys.stderr.write("postfeed: interrupted; the feeds were left as they were\n")
        sys.stderr.flush()
        os._exit(130)
    run()


if __name__ == "__main__":
    main()
