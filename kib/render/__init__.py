"""Word documents from meeting files: minutes, agenda (kallelse) and certified extracts.

`kib.render.command.render` is the entry point; it imports python-docx and docxtpl only when called.
"""
