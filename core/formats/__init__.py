"""Date and time formats for the newsroom admin (FORMAT_MODULE_PATH)."""
