"""Word lists and patterns, one package per language; each list says where it came from."""
