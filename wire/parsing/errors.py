class WireError(Exception):
    """An agency file refused: ``message`` is the French sentence written to the ingest log."""

    def __init__(self, message, *, code: str):
        super().__init__(str(message))
        self.message = str(message)
        self.code = code
