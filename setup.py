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
PACKAGES = find_packages(include=["stem", "stem.*"]) + [
    "stem.templates",
    "stem.static",
    "stem.migrations",
]

setup(packages=PACKAGES, cmdclass={"build_py": BuildWithCatalogs})
