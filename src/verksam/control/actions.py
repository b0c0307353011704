"""Internal-control actions (internkontroll): every change goes through these functions.

Each action takes a keyword-only ``acting_user``, checks the permission on the board
(``verksam.core.permissions``: ``edit_plan`` for the risk analysis, risks, control plan and
controls; ``enter_outcomes`` for results and deviations; ``approve_followup`` for approving the
system för internkontroll and managing risk matrices), validates everything before writing, and
writes the change and its history row (with the acting user) in one transaction. A save that
changes nothing records nothing. Views, the API, commands and the demo call them alike.

The functions live in one module per concept and are re-exported here:

* ``actions_matrix`` — create_matrix, update_matrix_version, new_matrix_version,
  move_risk_to_version;
* ``actions_risks`` — create/update_risk_analysis, create_risk, update_risk, delete_risk;
* ``actions_controls`` — create_control_plan, create_control, update_control,
  regenerate_occasions, delete_control, copy_control_plan;
* ``actions_results`` — record_result, open_deviation, update_deviation, close_deviation,
  reopen_deviation;
* ``actions_system`` — create_control_system, update_control_system, approve_control_system;
* ``actions_copy`` — copy_risk_analysis (with its control plan) to the next year.

Errors: ``NotAllowedError``, ``PeriodLockedError`` (from follow-up), ``MatrixError``,
``MatrixVersionInUseError``, ``ControlSystemLockedError``, ``RecurrenceError``,
``ConcurrentEditError`` and ``DomainError`` with ``field`` — Swedish messages.
"""

from verksam.control.actions_controls import (
    copy_control_plan, create_control, create_control_plan, delete_control, regenerate_occasions, update_control,
)
from verksam.control.actions_copy import copy_risk_analysis
from verksam.control.actions_matrix import (
    create_matrix, move_risk_to_version, new_matrix_version, update_matrix_version,
)
from verksam.control.actions_results import (
    close_deviation, open_deviation, period_for, record_result, reopen_deviation, update_deviation,
)
from verksam.control.actions_risks import (
    create_risk, create_risk_analysis, delete_risk, update_risk, update_risk_analysis,
)
from verksam.control.actions_system import (
    approve_control_system, create_control_system, update_control_system,
)
from verksam.followup.actions import PeriodLockedError

__all__ = [
    "PeriodLockedError", "approve_control_system", "close_deviation", "copy_control_plan", "copy_risk_analysis",
    "create_control", "create_control_plan", "create_control_system", "create_matrix", "create_risk",
    "create_risk_analysis", "delete_control", "delete_risk", "move_risk_to_version", "new_matrix_version",
    "open_deviation", "period_for", "record_result", "regenerate_occasions", "reopen_deviation", "update_control",
    "update_control_system", "update_deviation", "update_matrix_version", "update_risk", "update_risk_analysis",
]
