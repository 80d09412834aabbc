"""The tests run the installed newsreader (pyproject.toml's import mode): where it was installed
without -e, as the README's test command does, it must be this checkout's code, or the tests
would pass or fail on code that is not the one being read."""

from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent

# Where the wheel puts each folder of the checkout (pyproject.toml's wheel target).
_SHIPPED = {"reader": "reader", "styles": "reader/styles", "seeds": "reader/seeds"}


def editable() -> bool:
    """Whether newsreader was installed with -e: then the installed package is the checkout."""
    origin = json.loads(distribution("newsreader").read_text("direct_url.json") or "{}")
    return bool(origin.get("dir_info", {}).get("editable", False))


def stale_files() -> list[str]:
    """The checkout's files that the installed package lacks or holds in another version, and
    the modules it holds that the checkout no longer has; none for an editable install, or
    where newsreader is not installed (the checkout is then what is imported)."""
    try:
        if editable():
            return []
    except PackageNotFoundError:
        return []
    return differences(CHECKOUT, Path(str(distribution("newsreader").locate_file(""))))


def differences(checkout: Path, site: Path) -> list[str]:
    """The checkout's files that `site` (where the wheel was unpacked) holds in another version,
    or lacks if they are modules, then the modules it holds that the checkout does not."""
    stale = []
    for folder, target in _SHIPPED.items():
        for source in sorted((checkout / folder).rglob("*")):
            if not source.is_file() or "__pycache__" in source.parts:
                continue
            shipped = site / target / source.relative_to(checkout / folder)
            if shipped.is_file():
                if shipped.read_bytes() != source.read_bytes():
                    stale.append(str(source.relative_to(checkout)))
            elif source.suffix == ".py":  # a new module (other new files may be an editor's)
                stale.append(str(source.relative_to(checkout)))
    for module in sorted((site / "reader").rglob("*.py")):
        inside = module.relative_to(site / "reader")
        if inside.parts[0] not in ("styles", "seeds") and not (checkout / "reader" / inside).is_file():
            stale.append(f"reader/{inside} (no longer in the checkout)")
    return stale
