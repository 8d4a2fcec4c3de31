"""Show a model's code in the notebook, from the library's own source, so page and package agree."""

import ast
import difflib
import inspect
import textwrap


def source_of(obj, docstring=False):
    """Source text of a function, class or method; without its docstring unless asked.

    Raises:
        ValueError: if obj has no Python source (a builtin, an instance).

    Example:
        >>> print(source_of(create_dense_ae))
    """
    try:
        source = textwrap.dedent(inspect.getsource(obj))
    except (TypeError, OSError) as err:
        raise ValueError(f"obj={obj!r}: must be a function, class or method with source") from err
    if docstring:
        return source
    lines = source.splitlines(keepends=True)
    drop = set()
    for node in ast.walk(ast.parse(source)):
        body = getattr(node, "body", None)
        is_def = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        if (
            is_def
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
        ):
            if isinstance(body[0].value.value, str):
                drop.update(range(body[0].lineno - 1, body[0].end_lineno))
    return "".join(line for n, line in enumerate(lines) if n not in drop)


def _display(text, language):
    try:
        from IPython import get_ipython
        from IPython.display import Code, display
    except ImportError:
        get_ipython = None
    if get_ipython is not None and get_ipython() is not None:
        display(Code(text, language=language))  # highlighted in Jupyter and on Colab
    else:
        print(text)


def show_code(*objects, docstring=False):
    """Display the source of each object: highlighted in Jupyter, plain text elsewhere.

    Args:
        *objects: functions, classes or methods, e.g. ``create_sparse_ae, KLSparsity.call``.
        docstring: keep the docstrings (False: code only, shorter on a projector).

    Example:
        >>> show_code(create_sparse_ae, kl_sparsity)
    """
    _display("\n\n".join(source_of(obj, docstring).rstrip() for obj in objects), "python")


def show_diff(before, after):
    """Display what changes from one factory to another, as a unified diff of their code.

    Example:
        >>> show_diff(create_dense_ae, create_sparse_ae)  # the lines that make it sparse
    """
    a, b = source_of(before).splitlines(), source_of(after).splitlines()
    diff = difflib.unified_diff(a, b, before.__name__, after.__name__, n=1, lineterm="")
    _display("\n".join(diff), "diff")
