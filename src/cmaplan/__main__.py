"""Run cmaplan with `python -m cmaplan`."""

from cmaplan.entry import main

main()
