"""Word documents from meeting files: minutes, agenda (kallelse) and certified extracts.

`kib.render.documents.render` is the entry point; it imports docxtpl, python-docx and Jinja only when
called.
"""
