"""`python -m recupera` equivale al comando `recupera`."""

from recupera.cli import main

main()
