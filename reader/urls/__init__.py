"""
The reader's URLs, one module per URL namespace: ``articles`` (pages, feeds,
previews) and ``comments`` (the comment form, "Signaler", the charter). The
namespaces name what readers see, whichever room serves them.
"""
