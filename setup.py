"""Compile the message catalogs into the wheel; everything else lives in pyproject.toml."""

from pathlib import Path

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py


class BuildWithCatalogs(build_py):
    """Run Babel's compiler before the package files are collected."""

    def run(self) -> None:
        from babel.messages.frontend import CompileCatalog

        translations = Path(__file__).parent / "stem" / "translations"
        if any(translations.glob("*/LC_MESSAGES/*.po")):
            cmd = CompileCatalog(self.distribution)
            cmd.initialize_options()
            cmd.directory = str(translations)
            cmd.domain = "messages"
            cmd.use_fuzzy = False
            cmd.statistics = False
            cmd.finalize_options()
            cmd.run()
        super().run()


# templates/, static/ and migrations/ sit at the top of the repository and are mapped into
# the stem package by `package-dir` in pyproject.toml; find_packages cannot see them.
HERE = Path(__file__).parent
DATA_DIRS = ("templates", "static", "migrations")


def data_packages() -> list[str]:
    """Every folder below the data directories, as a package of its own (with all its files)."""
    names = []
    for top in DATA_DIRS:
        for folder in [HERE / top, *sorted(p for p in (HERE / top).rglob("*") if p.is_dir())]:
            if "__pycache__" not in folder.parts:
                names.append("stem." + ".".join(folder.relative_to(HERE).parts))
    # The catalogs live inside the package, in folders without __init__.py.
    translations = HERE / "stem" / "translations"
    for folder in [translations, *sorted(p for p in translations.rglob("*") if p.is_dir())]:
        names.append(".".join(folder.relative_to(HERE).parts))
    return names


DATA_PACKAGES = data_packages()
setup(
    packages=find_packages(include=["stem", "stem.*"]) + DATA_PACKAGES,
    # The demo's computer-voice clips (scripts/make-demo-audio.py) ship with the demo loader.
    package_data={name: ["*"] for name in DATA_PACKAGES} | {"stem.surveys.demo": ["audio/*.ogg"]},
    cmdclass={"build_py": BuildWithCatalogs},
)
