"""The background-task runner: result and message when done, Swedish failure messages, progress
written to the task row, and a real thread when not synchronous."""

from __future__ import annotations

import threading

import pytest

from verksam.core.errors import DomainError
from verksam.followup import tasks
from verksam.followup.models import BackgroundTask


def _task(user=None):
    return BackgroundTask.objects.create(kind="test", created_by=user)


@pytest.mark.django_db
def test_a_finished_task_keeps_the_result_and_its_text(city):
    task = _task(city.users.ks_editor)
    seen = []

    def work(progress):
        progress(0, 4, "Börjar")
        seen.append(BackgroundTask.objects.get(pk=task.pk).message)
        return {"text": "3 nya, 0 ändrade, 1 oförändrade", "count": 4}

    tasks.run_task(task, work)
    task.refresh_from_db()
    assert seen == ["Börjar"]
    assert (task.status, task.message, task.result, task.progress, task.total) == (
        "done", "3 nya, 0 ändrade, 1 oförändrade", {"text": "3 nya, 0 ändrade, 1 oförändrade", "count": 4}, 4, 4)
    assert task.finished_at is not None and tasks.percent(task) == 100


@pytest.mark.django_db
def test_a_domain_error_fails_the_task_with_its_message_and_lines(city):
    task = _task()

    class Refused(DomainError):
        lines = ["Blad Utfall, rad 2, kolumn Utfall: fel"]

    def work(progress):
        raise Refused("Importen avbröts: 1 fel. Inget har sparats.")

    tasks.run_task(task, work)
    task.refresh_from_db()
    assert (task.status, task.message, task.result) == (
        "failed", "Importen avbröts: 1 fel. Inget har sparats.",
        {"errors": ["Blad Utfall, rad 2, kolumn Utfall: fel"], "error_count": 1})


@pytest.mark.django_db
def test_an_unexpected_error_fails_the_task_with_a_general_message(city, caplog):
    task = _task()
    tasks.run_task(task, lambda progress: 1 / 0)
    task.refresh_from_db()
    assert task.status == "failed"
    assert task.message == "Ett oväntat fel inträffade. Inget har sparats; försök igen eller kontakta förvaltaren."
    assert "ZeroDivisionError" in caplog.text


@pytest.mark.django_db
def test_progress_is_written_at_most_twice_a_second_unless_the_message_changes(city, monkeypatch):
    task = _task()
    clock = iter([100.0, 100.1, 100.2, 100.7])
    monkeypatch.setattr(tasks.time, "monotonic", lambda: next(clock))
    report = tasks._Reporter(task.pk)
    report(1, 10, "Läser")
    report(2, 10)  # 0,1 s later: skipped
    assert BackgroundTask.objects.get(pk=task.pk).progress == 1
    report(3, 10, "Sparar")  # a new message is written at once
    report(9, 10)  # 0,5 s after the last write
    task.refresh_from_db()
    assert (task.progress, task.total, task.message) == (9, 10, "Sparar")


def test_sync_follows_the_setting_then_the_environment(settings, monkeypatch):
    settings.VERKSAM_TASKS_SYNC = False
    assert tasks.tasks_run_sync() is False
    del settings.VERKSAM_TASKS_SYNC
    monkeypatch.setenv("VERKSAM_TASKS_SYNC", "1")
    assert tasks.tasks_run_sync() is True
    monkeypatch.setenv("VERKSAM_TASKS_SYNC", "0")
    assert tasks.tasks_run_sync() is False


@pytest.mark.django_db(transaction=True)
def test_without_sync_the_work_runs_in_another_thread(settings):
    settings.VERKSAM_TASKS_SYNC = False
    task = _task()
    done = threading.Event()
    threads = []

    def work(progress):
        threads.append(threading.current_thread().name)
        done.set()
        return {"text": "Klart i tråden"}

    tasks.run_task(task, work)
    assert done.wait(10)
    for thread in threading.enumerate():
        if thread.name == f"verksam-task-{task.pk}":
            thread.join(10)
    task.refresh_from_db()
    assert threads == [f"verksam-task-{task.pk}"]
    assert (task.status, task.message) == ("done", "Klart i tråden")
