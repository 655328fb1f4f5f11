"""`kib check`: every problem of a data root, and the rules kommunallagen sets for a protokoll."""
