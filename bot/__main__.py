"""`python -m bot` is `opendoor serve`."""

import sys

from bot.cli import main

sys.exit(main(sys.argv[1:] or ["serve"]))
