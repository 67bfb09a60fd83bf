"""User settings (config.toml) and remembered reading state; no Textual here."""
