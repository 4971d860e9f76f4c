"""The shape of a document: its numbered outline and what headings say, task tables read from their
headers (cells, row alignment), the notice at its head (title, issuer, number), scraped-page noise,
lines a PDF broke, and the warnings a parse leaves. May import the loaders base and phrases."""
