"""GWOT Reader: read, code and export a corpus of papers on the global war on terror."""

__version__ = "0.1.0"
APP_NAME = "GWOT Reader"
