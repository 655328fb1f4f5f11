"""Where kib meets the terminal: the settings every command sees, the options every command takes, and the
one place where an error becomes a line on stderr and an exit code, never a traceback."""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup, TyperOption

from kib.errors import ExitCode, KibError, visible

if TYPE_CHECKING:
    from kib.record.store import Root


@dataclass
class Settings:
    """The context object (`ctx.obj`): what the global options said, before or after the command."""

    root: Path | None = None

    def open_root(self) -> Root:
        """The data root: --root, else KIB_ROOT, else the current folder upwards."""
        from kib.record.store import open_root

        return open_root(self.root)


def settings(ctx: typer.Context) -> Settings:
    return ctx.ensure_object(Settings)


def _remember_root(ctx: typer.Context, _param: object, value: str | None) -> None:
    if value is not None:
        settings(ctx).root = Path(value)


ROOT_HELP = "Data root (default: KIB_ROOT or the current folder upwards)."


def root_option() -> TyperOption:
    """`--root DIR`, accepted before the command (`kib --root DIR check`) and after it (`kib check --root DIR`)."""
    return TyperOption(
        param_decls=["--root"],
        metavar="DIR",
        expose_value=False,
        callback=_remember_root,
        help=ROOT_HELP,
    )


def _leaves(group: Any) -> list[Any]:
    """Every command below a group, through its sub-groups (`render minutes`, `action done`)."""
    out: list[Any] = []
    for command in group.commands.values():
        out += _leaves(command) if hasattr(command, "commands") else [command]
    return out


def _is_the_frameworks(exc: BaseException) -> bool:
    """Exits, aborts and usage errors of Typer and Click: they end the command as the framework means to."""
    return type(exc).__module__.split(".")[0] in ("click", "typer")


def _is_usage_error(exc: BaseException) -> bool:
    return any(cls.__name__ == "UsageError" for cls in type(exc).__mro__)


def _usage_line(exc: Any) -> str:
    """A wrong option as one line, like every other error, with where to read about the command."""
    command = getattr(getattr(exc, "ctx", None), "command_path", "kib")
    return visible(f"error: {exc.format_message()} (see `{command} --help`)")


def stdout_to_devnull() -> None:
    """The reader went away (`kib open-actions | head -1`): later writes and the final flush go nowhere."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _fail(message: str, code: ExitCode) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code)


class KibGroup(TyperGroup):
    """The root command: adds the global options to every command and runs each inside the error boundary."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.params.append(root_option())
        for command in _leaves(self):
            command.params.append(root_option())

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except KibError as exc:
            raise _fail(exc.render(), exc.exit_code) from None
        except KeyboardInterrupt:
            raise _fail("interrupted", ExitCode.INTERRUPTED) from None
        except BrokenPipeError:
            stdout_to_devnull()
            raise typer.Exit(ExitCode.OK) from None
        except OSError as exc:
            name = f"{exc.filename}: " if exc.filename else ""
            raise _fail(f"error: {name}{exc.strerror or exc}", ExitCode.USAGE) from None
        except Exception as exc:
            if _is_the_frameworks(exc) and _is_usage_error(exc):
                raise _fail(_usage_line(exc), ExitCode.USAGE) from None
            if _is_the_frameworks(exc) or os.environ.get("KIB_DEBUG"):
                raise
            raise _fail(
                f"internal error: {type(exc).__name__}: {exc} (please report this; KIB_DEBUG=1 shows details)",
                ExitCode.INTERNAL,
            ) from None
