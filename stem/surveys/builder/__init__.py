"""The survey builder: surveys, questions, options, their texts, translations, audio and versions."""
