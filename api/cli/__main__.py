"""`python -m api.cli`: the `dutygraph` command."""

import sys

from api.cli import main

sys.exit(main())
