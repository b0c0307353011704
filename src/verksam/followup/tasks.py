"""A tiny background-task runner (bakgrundsjobb) with progress shown to the user.

DESIGN "Architecture": long work (imports, report generation, Kolada sync) runs as a background
task with progress shown. The state lives in ``verksam.followup.models.BackgroundTask``; a page
polls it (htmx, every second) until the status is done or failed.

Use::

    task = BackgroundTask.objects.create(kind="followup_import", created_by=user, params={...})

    def work(progress):                 # runs in a thread (or at once, see below)
        progress(0, 100, "Läser filen …")   # done, total, message — any of them may be None
        ...
        return {"text": "3 nya, 0 ändrade, 5 oförändrade"}   # → task.result (JSON)

    run_task(task, work)

``work`` gets ``progress(done, total=None, message=None)``; calls are cheap (the row is written
at most twice a second). What ``work`` returns (a dict, or ``None``) becomes ``task.result`` and
its "text" the final ``task.message``. A ``DomainError`` raised by ``work`` marks the task failed
with the error's Swedish message (and its ``lines`` — e.g. an import's errors by sheet, row and
column — in ``task.result["errors"]``, the first 1000 of ``task.result["error_count"]``); any other exception marks it failed with a general
message and is logged.

Threads: when ``settings.VERKSAM_TASKS_SYNC`` is false (the default; the environment variable
of the same name, "1"/"0", is read when the setting is absent) ``work`` runs in a daemon thread
started after the current transaction commits, with the request's language and its own database
connection (closed at the end). When it is true — in tests — ``work`` runs at once, in the
caller's thread, and ``run_task`` returns after it has finished. A task whose process stops
mid-way stays "running"; there is no queue and no retry.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable

from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from verksam.core.errors import DomainError
from verksam.followup.models import BackgroundTask, TaskStatus

logger = logging.getLogger(__name__)

Progress = Callable[..., None]
"""``progress(done, total=None, message=None)``."""

MIN_INTERVAL = 0.5  # seconds between progress writes
MAX_ERROR_LINES = 1000  # error lines kept in task.result["errors"]; "error_count" has them all


def tasks_run_sync() -> bool:
    """True when tasks run at once in the caller's thread (``VERKSAM_TASKS_SYNC``)."""
    value = getattr(settings, "VERKSAM_TASKS_SYNC", None)
    if value is None:
        value = os.environ.get("VERKSAM_TASKS_SYNC", "").strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


class _Reporter:
    """The ``progress`` callable handed to the work: writes progress, total and message to the
    task row, at most every ``MIN_INTERVAL`` seconds (the first and any message change at once)."""

    def __init__(self, task_id: int):
        self.task_id = task_id
        self.last_write = 0.0
        self.last_message = None

    def __call__(self, done: int | None = None, total: int | None = None, message: str | None = None) -> None:
        now = time.monotonic()
        changed_message = message is not None and message != self.last_message
        if not changed_message and now - self.last_write < MIN_INTERVAL:
            return
        fields = {}
        if done is not None:
            fields["progress"] = max(int(done), 0)
        if total is not None:
            fields["total"] = max(int(total), 0)
        if message is not None:
            fields["message"] = str(message)
            self.last_message = message
        if fields:
            BackgroundTask.objects.filter(pk=self.task_id).update(**fields)
        self.last_write = now


def _execute(task_id: int, work: Callable[[Progress], dict | None]) -> None:
    BackgroundTask.objects.filter(pk=task_id).update(status=TaskStatus.RUNNING)
    try:
        result = work(_Reporter(task_id)) or {}
    except DomainError as err:
        lines = list(getattr(err, "lines", []) or [])
        BackgroundTask.objects.filter(pk=task_id).update(
            status=TaskStatus.FAILED, message=str(err.message),
            result={"errors": lines[:MAX_ERROR_LINES], "error_count": len(lines)},
            finished_at=timezone.now())
        return
    except Exception:  # noqa: BLE001 - any failure must end the task, not leave it running
        logger.exception("Bakgrundsjobb %s misslyckades", task_id)
        BackgroundTask.objects.filter(pk=task_id).update(
            status=TaskStatus.FAILED, result={},
            message=_("Ett oväntat fel inträffade. Inget har sparats; försök igen eller kontakta förvaltaren."),
            finished_at=timezone.now())
        return
    task = BackgroundTask.objects.get(pk=task_id)
    task.status = TaskStatus.DONE
    task.result = result
    task.message = str(result.get("text") or _("Klart."))
    if task.total:
        task.progress = task.total
    task.finished_at = timezone.now()
    task.save(update_fields=["status", "result", "message", "progress", "finished_at"])


def _thread_main(task_id: int, work, language: str | None) -> None:
    close_old_connections()
    try:
        with translation.override(language):
            _execute(task_id, work)
    finally:
        connections.close_all()


def run_task(task: BackgroundTask, work: Callable[[Progress], dict | None]) -> BackgroundTask:
    """Run ``work(progress)`` for the saved ``task`` — in a thread, or at once when
    ``tasks_run_sync()`` — and return ``task`` (refresh it to see the outcome)."""
    if tasks_run_sync():
        _execute(task.pk, work)
        return task
    language = translation.get_language()

    def start() -> None:
        threading.Thread(target=_thread_main, args=(task.pk, work, language), daemon=True,
                         name=f"verksam-task-{task.pk}").start()

    transaction.on_commit(start)
    return task


def percent(task: BackgroundTask) -> int:
    """The task's progress in whole percent (0–100); 100 when done."""
    if task.status == TaskStatus.DONE:
        return 100
    if not task.total:
        return 0
    return max(0, min(100, round(100 * task.progress / task.total)))
