"""The record: the file format (model, loading, schemas), the data root, surgical edits, the seal and the scan cache.

Everything here reads or writes the secretary's files; nothing here knows the terminal or Word.
"""
