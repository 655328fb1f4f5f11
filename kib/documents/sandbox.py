"""The Jinja environment a Word template is filled in: it may format and choose, not run code or run away.

A template is a file from anywhere, so filling it is bounded three ways. The sandbox refuses Python's
internals and any change to the data (Jinja's immutable sandbox). Operations that can make a huge
value in one step are checked before they run: `**` and `*` on numbers, repeating or joining texts
and lists, printf widths, numeric arguments to filters and methods, texts kept in a `namespace`, and
`range`, whose iterations are counted over the whole document. Whatever slips past those (loops
over long texts, inside each other) is stopped by a wall-clock deadline: the render runs in a worker
thread that is interrupted when the time is up, which works the same on Windows and POSIX.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

from jinja2 import BaseLoader, StrictUndefined, Template, TemplateNotFound
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import Namespace

T = TypeVar("T")

#: Bounds; generous for any real document, small enough to answer in a second.
MAX_TEXT = 1_000_000  # characters in one value or list
MAX_NUMBER_BITS = 4096  # an integer of about 1,200 digits
MAX_ARGUMENT = 100_000  # a numeric argument to a filter or method (width, count, precision)
MAX_ITERATIONS = 200_000  # range() items over the whole document
MAX_OUTPUT = 50_000_000  # characters of XML one part of the template may produce
DEADLINE = 10.0  # seconds for filling one document's fields (it takes well under a tenth)

#: Callables whose numeric arguments say how long a result is (a width, a count of pieces); elsewhere a
#: large number is only a value to print.
SIZING_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})
SIZING_FILTERS = frozenset({"center", "indent", "wordwrap", "truncate", "slice", "batch"})
_WIDE_FORMAT = re.compile(r"%[-+ #0]*\d{6,}|%[-+ #0]*\d*\.\d{6,}|\{[^{}]*\d{6,}[^{}]*\}")


class TemplateLimit(Exception):
    """A template asked for more than a document needs; the message says what."""


class _Timeout(BaseException):
    """Raised inside the worker thread when the deadline passes (BaseException: no template catches it)."""


def _refuse(message: str) -> NoReturn:
    raise TemplateLimit(message)


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (str, bytes, list, tuple)) else 0


def _check_number(value: Any) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > MAX_NUMBER_BITS:
        _refuse("a number too large for a document")


def _check_arguments(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_ARGUMENT:
            _refuse(f"the argument {value} is larger than a document needs (at most {MAX_ARGUMENT:,})")
        if isinstance(value, str) and _WIDE_FORMAT.search(value):
            _refuse("a format width larger than a document needs")


def _check_result(value: Any) -> Any:
    if _size(value) > MAX_TEXT:
        _refuse(f"a value of more than {MAX_TEXT:,} characters or items")
    _check_number(value)
    return value


class _Counter:
    """range() items used so far in one document."""

    def __init__(self) -> None:
        self.used = 0


class BoundedNamespace(Namespace):
    """`namespace()`: values kept across loop iterations stay within the bounds."""

    def __setitem__(self, name: str, value: Any) -> None:
        _check_result(value)
        super().__setitem__(name, value)


class BoundedTemplate(Template):
    """Renders chunk by chunk, so a part that grows without end stops at MAX_OUTPUT."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        context = self.new_context(dict(*args, **kwargs))
        out: list[str] = []
        size = 0
        try:
            for chunk in self.root_render_func(context):
                size += len(chunk)
                if size > MAX_OUTPUT:
                    _refuse(f"the filled template would be more than {MAX_OUTPUT:,} characters")
                out.append(chunk)
        except Exception:
            self.environment.handle_exception()
        return "".join(out)


class _NoFiles(BaseLoader):
    def get_source(self, environment: Any, template: str) -> NoReturn:
        raise TemplateNotFound(f"{template} (a template cannot include, import or extend other files)")


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """Sandboxed, autoescaped for XML, StrictUndefined (a misspelt field is an error), and bounded."""

    intercepted_binops = frozenset({"**", "*", "+", "%", "//"})
    template_class = BoundedTemplate

    def __init__(self) -> None:
        super().__init__(loader=_NoFiles(), undefined=StrictUndefined, autoescape=True, cache_size=0)
        self.counter = _Counter()  # reset for every document (see `fresh`)
        self._compiled: dict[str, Template] = {}
        self.globals.pop("lipsum", None)
        self.globals["range"] = self._range
        self.globals["namespace"] = BoundedNamespace
        self.filters = {name: _bounded_filter(name, f) for name, f in self.filters.items()}

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        """Compiled once per process for the same source: rendering many documents reuses it."""
        if globals is None and template_class is None and isinstance(source, str):
            found = self._compiled.get(source)
            if found is None:
                if len(self._compiled) >= 64:  # a process rendering with many templates
                    self._compiled.clear()
                found = self._compiled[source] = super().from_string(source)
            return found
        return super().from_string(source, globals, template_class)

    def fresh(self) -> BoundedEnvironment:
        """The environment ready for the next document: its range() budget full again."""
        self.counter = _Counter()
        return self

    def _range(self, *args: int) -> range:
        items = range(*args)
        if self.counter.used + len(items) > MAX_ITERATIONS:
            _refuse(f"loops over more than {MAX_ITERATIONS:,} numbers in one document")
        self.counter.used += len(items)
        return items

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        numbers = all(isinstance(v, int) and not isinstance(v, bool) for v in (left, right))
        if operator == "**" and numbers and right > 0 and left not in (0, 1, -1):
            if max(left.bit_length(), 1) * right > MAX_NUMBER_BITS:
                _refuse("a power too large for a document")
        elif operator == "*" and numbers:
            if left.bit_length() + right.bit_length() > MAX_NUMBER_BITS:
                _refuse("a product too large for a document")
        elif operator == "*":
            count = right if isinstance(right, int) else left if isinstance(left, int) else 0
            if max(_size(left), _size(right)) * max(count, 0) > MAX_TEXT:
                _refuse(f"repeating a text or list past {MAX_TEXT:,} characters or items")
        elif operator == "+" and _size(left) + _size(right) > MAX_TEXT:
            _refuse(f"joining texts or lists past {MAX_TEXT:,} characters or items")
        elif operator == "%" and isinstance(left, str) and _WIDE_FORMAT.search(left):
            _refuse("a format width larger than a document needs")
        return _check_result(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if getattr(__obj, "__name__", "") in SIZING_METHODS:
            _check_arguments(args, kwargs)
        return _check_result(super().call(__context, __obj, *args, **kwargs))

    def wrap_str_format(self, value: Any) -> Any:
        """A text's .format() and .format_map(), which the sandbox wraps when they are looked up."""
        wrapped = super().wrap_str_format(value)
        if wrapped is not None:
            _check_arguments((value.__self__,), {})
        return wrapped


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """The filter with its sizing arguments and its result checked; Jinja's pass_* marks kept."""

    def bounded(*args: Any, **kwargs: Any) -> Any:
        if name in SIZING_FILTERS:  # the value filtered (and a context passed first) is no argument
            _check_arguments(tuple(a for a in args[1:] if not _is_jinja_object(a)), kwargs)
        elif name == "format" and args and isinstance(args[0], str):
            _check_arguments((args[0],), {})
        return _check_result(function(*args, **kwargs))

    bounded.__name__ = function.__name__
    bounded.__doc__ = function.__doc__
    if hasattr(function, "jinja_pass_arg"):
        bounded.jinja_pass_arg = function.jinja_pass_arg  # type: ignore[attr-defined]
    return bounded


def _is_jinja_object(value: Any) -> bool:
    return type(value).__module__.startswith("jinja2.")


_shared: list[BoundedEnvironment] = []


def environment() -> BoundedEnvironment:
    """One environment per process (its compiled templates are reused), fresh for each document."""
    if not _shared:
        _shared.append(BoundedEnvironment())
    return _shared[0].fresh()


def within_deadline(work: Callable[[], T], seconds: float | None = None) -> T:
    """Run `work` in a worker thread and stop it when `seconds` (default DEADLINE) pass.

    The interruption is an exception raised in the worker between two Python steps (CPython's
    PyThreadState_SetAsyncExc), so a loop in a template stops; the single large steps that could
    outlast it are refused by the sandbox before they start.
    """
    limit = DEADLINE if seconds is None else seconds
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = work()
        except BaseException as exc:  # handed to the caller's thread, whatever it is
            box["error"] = exc

    worker = threading.Thread(target=target, name="kib-render", daemon=True)
    worker.start()
    worker.join(limit)
    if worker.is_alive():
        import ctypes

        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(worker.ident or 0), ctypes.py_object(_Timeout))
        worker.join(1.0)
        raise TemplateLimit(f"filling the template took longer than {limit:g} s")
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]
