#!/bin/sh
# The cron job: rebuild the feeds from the posts every minute. Silent when all is well;
# warnings (one line each, "path: reason") go to stderr, which cron mails to you.
#
#   * * * * * /path/to/cron.sh
#
# POSTS and OUT may be set in the environment; the defaults are the shipped examples.
set -eu
here=$(dirname "$0")
exec postfeed "${POSTS:-$here/posts}" --site-url https://example.com --title Blog -o "${OUT:-$here/public}"
