"""The translation desk: the language of what people write, and machine drafts where configured."""
