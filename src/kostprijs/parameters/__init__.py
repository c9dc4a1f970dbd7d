"""Parameter sets: locate, read (safe YAML), validate (pydantic) and compile to arrays."""
