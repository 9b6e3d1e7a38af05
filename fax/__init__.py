"""Fax: T.4/T.6 codec, page rasterising, TIFF-F storage, modems and jobs. No Qt."""
