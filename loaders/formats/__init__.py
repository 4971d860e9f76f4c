"""File bytes → text: each format (text in any encoding, HTML, DOCX, PDF, spreadsheets, legacy
Word, OFD) with the checks that bound what a file can cost before a library parses it, and the
conversion of legacy formats. `read.read_bytes` is the way in. May import the loaders base, and
the outline and phrases rules a spreadsheet needs to find its header row; nothing in outline or
phrases imports it."""
