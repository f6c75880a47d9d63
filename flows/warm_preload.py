"""Imported by `eventpipe serve`'s forkserver (`flows.warm`) before it forks any flow run:
the ingest flow's code, Prefect's engine and the spaCy pipeline, so that every run forked
from it starts with them loaded. A failure is only logged: a run then loads the pipeline
itself, and reports the error in full if it fails again."""

from __future__ import annotations

import logging
import time


def _load() -> None:
    started = time.perf_counter()
    try:
        import prefect.flow_engine  # noqa: F401 (what a forked run needs first)
        import prefect.task_engine  # noqa: F401

        import flows.ingest  # noqa: F401
        from pipeline.nlp.build import load_pipeline
        from pipeline.settings import Settings

        settings = Settings()
        load_pipeline(settings.model, settings.actors_file)
    except Exception as err:  # noqa: BLE001 (each run reports it in full)
        logging.getLogger(__name__).warning("could not preload the pipeline: %s", err)
        return
    logging.getLogger(__name__).debug("pipeline loaded in %.1f s", time.perf_counter() - started)


_load()
