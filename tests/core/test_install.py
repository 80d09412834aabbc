"""The installed package carries its stylesheet and sample cards (a plain `pip install .` must run)."""

from importlib.metadata import files


def test_wheel_ships_styles_and_seeds() -> None:
    shipped = {str(path) for path in files("newsreader") or []}
    assert "reader/styles/reader.tcss" in shipped
    assert "reader/seeds/000_e6839a851025465e.txt" in shipped
