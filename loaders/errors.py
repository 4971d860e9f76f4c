"""The one exception tree of dutygraph.

    DutygraphError                  anything dutygraph raises on purpose
    ├── LoaderError                 a file could not be turned into text
    │   ├── UnsupportedFormat       unknown file type
    │   ├── EmptyDocument           nothing (or only whitespace) in the file
    │   ├── DocumentTooLarge        over a size or work limit (loaders.limits), refused as
    │   │                           early as the limit can be seen
    │   └── UnreadableDocument      binary junk, broken DOCX/PDF/XML, PDF without a text layer
    ├── SettingError                a setting (environment variable, flag) has a bad value
    ├── StoreError                  the graph store failed (defined in graph.errors)
    └── NotFound / Ambiguous        query-level errors (defined in graph.errors)

Every message names the file (or value) that failed and, when known, the fix.
"""


class DutygraphError(Exception):
    """Base of every error dutygraph raises on purpose."""


class LoaderError(DutygraphError):
    """A document could not be read into text."""


class UnsupportedFormat(LoaderError):
    """The file type is not one dutygraph reads."""


class EmptyDocument(LoaderError):
    """The file holds no text."""


class DocumentTooLarge(LoaderError):
    """The file is over the size limit."""


class UnreadableDocument(LoaderError):
    """The bytes are not a readable document of the claimed type."""


class SettingError(DutygraphError):
    """A setting has a value dutygraph cannot use; the message names the setting."""
