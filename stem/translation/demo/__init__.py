"""Demo data of the translation desk: the glossary, two translators and their waiting items."""
