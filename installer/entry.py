"""The frozen program's entry: the core's command line with the window part attached.

A frozen bundle carries no package metadata to find the frontend by, so it
is handed over here.
"""

import sys

import ui.frontend
from desktop.cli import main
from desktop.frontend import use_frontend

use_frontend(ui.frontend)
sys.exit(main())
