"""`python -m tfhelp`: the command line."""

import sys

from tfhelp.cli import main

sys.exit(main())
