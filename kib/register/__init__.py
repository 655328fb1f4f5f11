"""The uppdrag register: every task a meeting gives to a named person, followed until reported done."""
