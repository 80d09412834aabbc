"""The installed package carries its stylesheet and sample cards (a plain `pip install .` must
run), and it is what the tests and the readers they start run."""

import subprocess
import sys
from importlib.metadata import distribution, files
from pathlib import Path

import reader
from tests.installed import CHECKOUT, differences, editable, stale_files


def test_wheel_ships_styles_and_seeds() -> None:
    shipped = {str(path) for path in files("newsreader") or []}
    assert "reader/styles/reader.tcss" in shipped
    assert "reader/seeds/000_e6839a851025465e.txt" in shipped


def test_the_tests_and_the_readers_they_start_run_the_installed_package() -> None:
    # CI installs newsreader without -e so that what the wheel lacks fails a test; the checkout's
    # reader/, first on the path, hid that (and was compiled again in every process).
    if not editable():
        wheel_copy = Path(str(distribution("newsreader").locate_file("reader/__init__.py"))).resolve()
        assert Path(reader.__file__).resolve() == wheel_copy
    started = subprocess.run([sys.executable, "-c", "import reader; print(reader.__file__)"],
                             cwd=CHECKOUT, capture_output=True, text=True, check=True)
    assert Path(started.stdout.strip()).resolve() == Path(reader.__file__).resolve()


def test_an_installed_copy_that_is_not_the_checkouts_code_is_named(tmp_path: Path) -> None:
    assert stale_files() == []  # this run's own install (pytest refuses to start otherwise)
    checkout, site = tmp_path / "checkout", tmp_path / "site"
    for root, contents in ((checkout, {"reader/app.py": "new", "reader/core/db/rows.py": "same",
                                     "styles/reader.tcss": "new", "seeds/card.txt": "same"}),
                         (site, {"reader/app.py": "old", "reader/core/db/rows.py": "same",
                                 "reader/styles/reader.tcss": "old", "reader/gone.py": "",
                                 "reader/seeds/card.txt": "same"})):
        for name, text in contents.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text)
    assert differences(checkout, site) == [
        "reader/app.py", "styles/reader.tcss", "reader/gone.py (no longer in the checkout)"]
    (checkout / "reader/new.py").write_text("")
    (checkout / "reader/.app.py.swp").write_text("an editor's")
    assert differences(checkout, site)[:3] == ["reader/app.py", "reader/new.py", "styles/reader.tcss"]
