"""The folders are the architecture (docs/architecture.md): each layer imports only the layers
below it, no module imports itself round a cycle, and each module stays under about 400 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "cmaplan"
# Bottom to top: a module may import its own layer and those before it, never one after.
LAYERS = ("core", "storage", "views", "interview", "commands", "cli", "top")
MAX_LINES = 400


def layer_of(module: str) -> str:
    """ "cmaplan.core.schedule" -> "core"; the package's own files (entry, quick) are "top", its
    __init__ (the version) is below everything."""
    if module == "cmaplan":
        return "core"
    parts = module.split(".")
    return parts[1] if len(parts) > 2 and parts[1] in LAYERS else "top"


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(path: Path) -> set[str]:
    """Every cmaplan module `path` imports, at the top or inside a function."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("cmaplan"):
            known = modules()
            for alias in node.names:  # `from cmaplan.core import schedule` names a module
                full = f"{node.module}.{alias.name}"
                out.add(full if full in known else node.module)
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("cmaplan")}
    return out


@pytest.mark.parametrize("module", sorted(modules()))
def test_each_module_imports_only_its_layer_and_those_below(module: str) -> None:
    mine = LAYERS.index(layer_of(module))
    above = sorted(m for m in imports(modules()[module]) if LAYERS.index(layer_of(m)) > mine)
    assert not above, f"{module} ({layer_of(module)}) imports {above} from a layer above it"


def test_no_module_imports_itself_round_a_cycle() -> None:
    known = modules()
    graph = {m: {i for i in imports(p) if i in known and i != m} for m, p in known.items()}
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        if module in path:
            cycle = (*path[path.index(module) :], module)
            pytest.fail("import cycle: " + " -> ".join(cycle))
        if module in done:
            return
        for other in sorted(graph[module]):
            visit(other, (*path, module))
        done.add(module)

    for module in sorted(graph):
        visit(module, ())


def test_every_module_stays_readable_in_size() -> None:
    sizes = {m: len(p.read_text(encoding="utf-8").splitlines()) for m, p in modules().items()}
    long = {m: n for m, n in sizes.items() if n > MAX_LINES}
    assert not long, f"over {MAX_LINES} lines: {long}"


def test_the_layers_are_folders() -> None:
    """Only the console script's own modules sit at the top; everything else is in a layer."""
    top = sorted(p.name for p in SRC.glob("*.py"))
    assert top == ["__init__.py", "__main__.py", "entry.py", "quick.py"], top
    for layer in LAYERS[:-1]:
        assert (SRC / layer / "__init__.py").is_file(), layer


def test_the_terminal_is_measured_in_one_place() -> None:
    """Every width comes from views/width.py: no other module asks shutil or rich's console
    size itself."""
    readers = [
        path.relative_to(SRC.parent).as_posix()
        for path in SRC.rglob("*.py")
        if "get_terminal_size" in path.read_text("utf-8")
    ]
    assert readers == ["cmaplan/views/width.py"]


@pytest.mark.parametrize(
    ("columns", "least", "most", "width"),
    [("200", 40, 100, 98), ("60", 40, 100, 58), ("20", 30, 100, 30), ("79", 50, 80, 77)],
)
def test_text_width_follows_the_terminal_within_its_bounds(
    monkeypatch: pytest.MonkeyPatch, columns: str, least: int, most: int, width: int
) -> None:
    from cmaplan.views.width import text_width

    monkeypatch.setenv("COLUMNS", columns)
    assert text_width(least=least, most=most) == width
