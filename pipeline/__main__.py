"""`python -m pipeline` runs the eventpipe command line, which lives with the adapters in
`flows/cli/`.

The one module under `pipeline/` that reaches `flows`: Python runs it only for
`python -m pipeline`; no library module imports it, so `import pipeline` (or any of its
modules) never imports the adapters or Prefect (tests/test_layering.py checks both).
"""

if __name__ == "__main__":
    from flows.cli import main

    main()
