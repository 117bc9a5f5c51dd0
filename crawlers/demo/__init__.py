"""The bundled offline demo archive (site/ laid out by real host and path) and its manifest."""
