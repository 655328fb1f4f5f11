"""After the meeting: justering, the notice on the anslagstavla and the appeal period, with every date
computed from the law (kommunallagen and lag (1930:173) om beräkning av lagstadgad tid)."""
