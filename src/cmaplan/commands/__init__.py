"""The commands (commands layer): each declared once (`declared.py`), a command line read
against the declarations (`reading.py`), and their bodies: each reads the plan, asks the core,
writes through storage and prints a view. Imports only the layers under it (core, storage,
views, interview); only cli/ and the console script import it."""
