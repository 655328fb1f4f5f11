"""Proposing a year's meeting dates: calendar rules, other bodies' meetings, selection and output.

`proposal.plan_year` is the entry point the CLI calls; every rule is a plain function a test can call
with a date.
"""
