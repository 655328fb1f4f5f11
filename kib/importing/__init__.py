"""`kib import`: existing minutes and protokoll (Word, text, PDF) turned into kib's meeting files.

Reading is split from understanding: `readers` turn every format into one stream of `Line`s with the
hints the format gives (a Word style, a list level, a table cell), and `recognise` turns that stream
into the model's `Meeting` with a `Report` of what went where. Whatever the recogniser cannot place
stays in the paragraph text, so an import never loses a word of the original.
"""
