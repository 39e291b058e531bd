"""Plain-Python heart of GWOT Reader: documents, codebook, codings, offsets, analysis."""
