"""``python -m gipreport``: the command line (see gipreport.cli)."""

import sys

from gipreport.cli import main

sys.exit(main())
