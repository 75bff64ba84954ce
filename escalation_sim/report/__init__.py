"""Reports of an ensemble: what they say (:mod:`.content`, :mod:`.assumptions`), as blocks
(:mod:`.blocks`), written as HTML and Markdown (:mod:`.render`)."""
