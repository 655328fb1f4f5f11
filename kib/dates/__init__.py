"""Proposing a year's meeting dates: calendar rules, other bodies' meetings, selection and output.

The modules here never import Typer: `command.propose` is the only entry point the CLI calls, and
every rule is a plain function a test can call with a date.
"""
