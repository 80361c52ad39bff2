# A small Pelican site written for postfeed's tests: read with ast, never run.
import os

TESTING = False
AUTHOR = os.environ.get("BLOG_AUTHOR", "Lin Example")
SITENAME = "Pelican Test"
SITEURL = "http://localhost:8000" if TESTING else "https://pelican.example.org"
PATH = "content"
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
ARTICLE_URL = "posts/{date:%Y}/{category}/{slug}.html"
ARTICLE_SAVE_AS = ARTICLE_URL
