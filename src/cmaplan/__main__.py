"""Run cmaplan with `python -m cmaplan`."""

from cmaplan.cli import main

main()
