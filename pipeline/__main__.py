"""`python -m pipeline` runs the eventpipe command line."""

from pipeline.cli import main

main()
