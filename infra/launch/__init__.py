"""The launcher: the CLI, the embedded stack (`xiuhua up`), the Temporal dev server and the demo.
It stands above everything else and is imported by nothing but tests (tests/test_layers.py)."""
