"""The bodies of the commands, once their words are read (by typer in cli/, or by the quick
path in quick.py): each reads the plan, asks the core, writes through storage and prints a
view. Imports every layer below; none of them imports it."""
