"""The analysis parts of the window: corpus search (more to come: segments browser, matrix)."""
