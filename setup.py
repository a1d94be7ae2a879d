"""Compile the message catalogs into the wheel; everything else lives in pyproject.toml."""

from pathlib import Path

from setuptools import setup
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


setup(cmdclass={"build_py": BuildWithCatalogs})
