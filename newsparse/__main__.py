"""`python -m newsparse`: the same command as `newsparse`, nothing more."""
from .cli import entry

entry()
