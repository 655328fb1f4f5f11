"""Word documents from meeting files: minutes, agenda (kallelse) and certified extracts.

`kib.documents.render.render` is the entry point; it imports docxtpl, python-docx and Jinja only when
called.
"""
