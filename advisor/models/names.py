"""What a name may hold: the names of workloads, systems, queues and stores, and the names a
policy refers to.

A name is printed in terminal tables, Markdown comments, diagrams and CSV cells, and is the key
that budgets and baselines match on. So it is one line of visible text: not blank, no control
characters (line breaks, tabs, escape sequences), no Unicode line separators or bidirectional
overrides, at most MAX_NAME_LENGTH characters. Descriptions may hold more; every renderer escapes
both anyway (advisor/escape.py).
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator

MAX_NAME_LENGTH = 200

_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def check_name(value: str) -> str:
    """The name, if it is one line of visible text of sane length; else a ValueError saying why."""
    if not value.strip():
        raise ValueError("a name cannot be blank")
    if len(value) > MAX_NAME_LENGTH:
        raise ValueError(
            f"a name is at most {MAX_NAME_LENGTH} characters (this one has {len(value)})"
        )
    bad = _FORBIDDEN.search(value)
    if bad is not None:
        raise ValueError(
            f"a name cannot hold control characters, line breaks or direction marks "
            f"(found U+{ord(bad.group()):04X} at character {bad.start() + 1})"
        )
    return value


Name = Annotated[str, AfterValidator(check_name)]
"""A name as workload, system and policy files give it."""
