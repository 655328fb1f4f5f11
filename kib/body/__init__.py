"""The body and its rules: who is who, the vocabulary of its kind, who served, votes, and new meetings.

`committee.Committee` is the aggregate the commands ask; the other modules are its parts.
"""
