"""Storage: the plan file's format (codec), safe reading and writing (store, files, lock),
paths and the host system's calls. Imports only the core."""
