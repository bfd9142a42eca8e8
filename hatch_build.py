"""Build hook: the wheel ships the knowledge data precompiled as well as in TOML.

cmaplan.core.knowledge reads data/knowledge.marshal when its checksum matches data/knowledge.toml,
saving the TOML parse on every command; see that module.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class KnowledgeHook(BuildHookInterface):  # type: ignore[misc]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return  # an editable install reads the TOML it is being edited in
        sys.path.insert(0, str(Path(self.root) / "src"))
        try:
            from cmaplan.core.shipped import COMPILED, SOURCE, compile_knowledge
        finally:
            sys.path.pop(0)
        source = Path(self.root, "src", "cmaplan", *SOURCE).read_bytes()
        self.scratch = tempfile.mkdtemp(prefix="cmaplan-build-")
        out = Path(self.scratch) / COMPILED[-1]
        out.write_bytes(compile_knowledge(source))
        build_data["force_include"][str(out)] = "/".join(("cmaplan", *COMPILED))

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        scratch = getattr(self, "scratch", None)
        if scratch:
            shutil.rmtree(scratch, ignore_errors=True)
