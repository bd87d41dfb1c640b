"""Every docstring example of the library runs and prints what it says."""

import doctest
import importlib
import pkgutil

import pytest

import derivations
import identities
import render

MODULES = sorted(
    name
    for package in (identities, derivations, render)
    for _, name, _ in pkgutil.walk_packages(package.__path__, package.__name__ + ".")
    if not name.endswith("pytest_plugin")
)


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
