"""docs/api.md runs as a doctest: the documented API answers what the page says it does."""

import doctest
from pathlib import Path

API_MD = Path(__file__).resolve().parents[1] / "docs" / "api.md"


def test_api_page_examples_run():
    result = doctest.testfile(str(API_MD), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 12, result
    assert result.failed == 0, result
