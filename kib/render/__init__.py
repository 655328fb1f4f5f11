"""Word documents from meeting files: minutes, agenda (kallelse) and certified extracts.

`kib.render.command.render` is the entry point; it imports Jinja and lxml only when called, and never
python-docx (see `kib.render.ooxml`).
"""
