"""cmaplan: a dated, personal plan to the CMA (AAMA) credential."""

__version__ = "0.1.0"
