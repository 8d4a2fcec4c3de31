"""aekeras.show: notebooks show each model's code from the library's own source."""

import pytest

from aekeras import KLSparsity, create_dense_ae, create_sparse_ae, show_code, show_diff, source_of


def test_source_is_the_code_without_its_docstring():
    code = source_of(create_sparse_ae)
    assert code.startswith("def create_sparse_ae(")
    assert 'code = KLSparsity(rho=rho, weight=weight, name="kl_sparsity")(x)' in code
    assert "Args:" not in code and "Example:" not in code
    assert "Args:" in source_of(create_sparse_ae, docstring=True)


def test_a_method_is_shown_dedented_and_its_class_without_docstrings():
    call = source_of(KLSparsity.call)
    assert call.startswith("def call(self, inputs):")
    assert "kl_sparsity(inputs, self.rho, self.eps)" in call
    cls = source_of(KLSparsity)
    assert cls.startswith("@register\nclass KLSparsity(layers.Layer):") and "Args:" not in cls


def test_show_prints_plain_text_outside_jupyter(capsys):
    show_code(create_dense_ae, KLSparsity.call)
    out = capsys.readouterr().out
    assert "def create_dense_ae(" in out and "def call(self, inputs):" in out


def test_diff_shows_what_makes_a_variant_differ(capsys):
    show_diff(create_dense_ae, create_sparse_ae)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "--- create_dense_ae" and lines[1] == "+++ create_sparse_ae"
    assert any(ln.startswith("+") and "KLSparsity(" in ln for ln in lines)
    assert any(ln.startswith("-") and "def create_dense_ae(" in ln for ln in lines)


def test_objects_without_source_are_refused():
    with pytest.raises(ValueError, match="obj=3"):
        source_of(3)


def test_a_class_docstring_is_dropped_but_other_strings_stay():
    code = source_of(KLSparsity.__init__)
    assert 'raise ValueError(f"rho={rho!r}: must lie in (0, 1), e.g. 0.05")' in code
    assert code.splitlines()[1].strip() == "super().__init__(**kwargs)"  # no docstring above it
