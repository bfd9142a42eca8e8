"""The functional core: the domain model, the rules and knowledge, planning and dating a
plan, progress, CEUs, program comparison. Pure: no terminal, no user files; imports nothing
above it (docs/architecture.md)."""
