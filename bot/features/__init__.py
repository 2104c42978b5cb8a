"""One package per feature. Each names, in its docstring, the features it may import; import-linter holds that."""
