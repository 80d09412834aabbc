"""The installed package carries its stylesheet and sample cards (a plain `pip install .` must
run), and it is what the tests and the readers they start run."""

import json
import subprocess
import sys
from importlib.metadata import distribution, files
from pathlib import Path

import reader

CHECKOUT = Path(__file__).resolve().parents[2]


def test_wheel_ships_styles_and_seeds() -> None:
    shipped = {str(path) for path in files("newsreader") or []}
    assert "reader/styles/reader.tcss" in shipped
    assert "reader/seeds/000_e6839a851025465e.txt" in shipped


def test_the_tests_and_the_readers_they_start_run_the_installed_package() -> None:
    # CI installs newsreader without -e so that what the wheel lacks fails a test; the checkout's
    # reader/, first on the path, hid that (and was compiled again in every process).
    installed = distribution("newsreader")
    origin = json.loads(installed.read_text("direct_url.json") or "{}")
    if not origin.get("dir_info", {}).get("editable", False):
        wheel_copy = Path(str(installed.locate_file("reader/__init__.py"))).resolve()
        assert Path(reader.__file__).resolve() == wheel_copy
    started = subprocess.run([sys.executable, "-c", "import reader; print(reader.__file__)"],
                             cwd=CHECKOUT, capture_output=True, text=True, check=True)
    assert Path(started.stdout.strip()).resolve() == Path(reader.__file__).resolve()
