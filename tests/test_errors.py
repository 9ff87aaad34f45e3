"""The one error catalogue: one root, one code per situation, each leaf saying what to do."""

from __future__ import annotations

import inspect

import pytest

from policykg import errors


def _classes():
    return [c for _, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, errors.PolicykgError)]


def test_every_error_has_one_root():
    assert all(issubclass(c, errors.PolicykgError) for c in _classes())
    assert len(_classes()) > 20


def test_each_code_is_defined_once():
    own = [(c.__dict__["code"], c.__name__) for c in _classes() if "code" in c.__dict__]
    codes = [code for code, _ in own]
    assert len(codes) == len(set(codes)), sorted(own)


@pytest.mark.parametrize("cls", [c for c in _classes() if not c.__subclasses__()], ids=lambda c: c.__name__)
def test_every_situation_says_what_to_do(cls):
    assert cls.hint, f"{cls.__name__} has no hint"


def test_the_cli_prints_one_line():
    from typer.testing import CliRunner

    from policykg.cli import app

    result = CliRunner().invoke(app, ["show", "湘政办发〔2099〕1号", "--store", "/nonexistent/policykg-store"])
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1 and "[E1" in result.output
