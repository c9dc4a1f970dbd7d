"""The layout that shows the architecture (issue 11): layers import downwards only, no private names."""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "kostprijs"
# a layer may import itself and the layers to its right; the API and the CLI sit on top
ORDER = ["cli", "api", "presentation", "analysis", "parameters", "core"]


def imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("kostprijs"):
            yield node.module, [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("kostprijs"):
                    yield a.name, []


def layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in ORDER else None


def test_no_module_imports_a_private_name_of_another():
    bad = [f"{p.relative_to(SRC)}: {mod}.{n}" for p in SRC.rglob("*.py") for mod, names in imports(p)
           for n in names if n.startswith("_") and not n.startswith("__")]
    assert bad == []


def test_core_does_no_io_and_imports_no_upper_layer():
    for p in (SRC / "core").rglob("*.py"):
        text = p.read_text(encoding="utf-8")
        assert "open(" not in text and "print(" not in text, p
        assert all(layer(m) in (None, "core") for m, _ in imports(p)), p


def test_layers_import_downwards_only():
    bad = []
    for p in SRC.rglob("*.py"):
        own = p.relative_to(SRC).parts[0].removesuffix(".py")
        if own not in ORDER:
            continue
        for mod, _ in imports(p):
            other = layer(mod)
            if other is not None and ORDER.index(other) < ORDER.index(own):
                bad.append(f"{p.relative_to(SRC)} imports {mod}")
    assert bad == []
