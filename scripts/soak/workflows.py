"""The soak's workflows, server configuration and the outcome each run should end with."""

# Four workflows, chosen at random per run (weights in MIX). Step ids name what the fake does:
# the fake runs batches whose name contains "slow_job" longer (fake_livy_server --batch-seconds-for).
WORKFLOWS = {
    "soak-batch": """name: soak-batch
params:
  n: {type: integer, default: 0}
steps:
  - id: extract
    type: livy_batch
    file: jobs/soak/job.py
    args: ["--n", "${params.n}"]
    retry: {max: 2, delay: 1s}
  - id: pause
    type: wait
    duration: 1s
  - id: load
    type: livy_batch
    file: jobs/soak/job.py
""",
    "soak-session": """name: soak-session
params:
  n: {type: integer, default: 0}
steps:
  - id: query
    type: livy_session
    statements:
      - code: "spark.range(${params.n}).count()"
      - code: "print('done')"
  - id: after
    type: livy_batch
    file: jobs/soak/job.py
""",
    "soak-task": """name: soak-task
params:
  n: {type: integer, default: 0}
steps:
  - id: prepare
    type: livy_batch
    file: jobs/soak/job.py
  - id: approve
    type: user_task
    title: "Approve soak run ${run.id}?"
    assignees: {users: [soaker]}
    form:
      note: {type: string}
    outcomes: [yes, no]
    next: {yes: finish, no: refused}
  - id: finish
    type: livy_batch
    file: jobs/soak/job.py
    next: end
  - id: refused
    type: fail
    message: "refused"
""",
    "soak-slow": """name: soak-slow
params:
  n: {type: integer, default: 0}
steps:
  - id: slow_job
    type: livy_batch
    file: jobs/soak/job.py
  - id: pause
    type: wait
    duration: 2s
  - id: talk
    type: livy_session
    statements:
      - code: "print(${params.n})"
""",
}

# Relative weights of the workflows among started runs.
MIX = {"soak-batch": 3, "soak-session": 2, "soak-task": 3, "soak-slow": 2}

# Share of runs the cancelling client tries to cancel, by workflow.
CANCEL_SHARE = {"soak-batch": 0.05, "soak-session": 0.05, "soak-task": 0.1, "soak-slow": 0.4}

# The fake runs a batch whose name contains this part this many seconds.
SLOW_PART = "slow_job"
SLOW_SECONDS = 3


def task_outcome(run_id):
    """The answer the soak gives to the task of a run: even runs approved, odd refused."""
    return "yes" if run_id % 2 == 0 else "no"


def expected_state(workflow, run_id, cancel_acknowledged):
    """The states a run may end in: cancelled is allowed only when a cancel was acknowledged (the
    run may also have finished before the cancel reached it)."""
    normal = "succeeded"
    if workflow == "soak-task" and task_outcome(run_id) == "no":
        normal = "failed"
    return {normal, "cancelled"} if cancel_acknowledged else {normal}


def config(fake_port):
    """steward.yaml for the soak: any free port, short Livy intervals, one user."""
    return f"""http:
  listen: 127.0.0.1:0
livy:
  url: http://127.0.0.1:{fake_port}
  poll_interval: 200ms
  log_interval: 200ms
  request_timeout: 2s
  connect_timeout: 1s
  cleanup_timeout: 10s
store:
  path: steward.db
workflows_dir: workflows
jobs_dir: jobs
roles:
  soak: {{permissions: [view, trigger, answer, cancel]}}
users:
  soaker: {{roles: [soak]}}
logging:
  level: info
"""
