// The API's objects as the UI reads them (orchestrator/api/openapi/*.json has the full contract).

export interface Principal {
  user: string;
  roles: string[];
  method: string;
  permissions: string[];
  csrf_token?: string;
}

export interface FormField {
  name: string;
  type: string; // string | text | number | integer | boolean | duration | enum
  required?: boolean;
  values?: string[];
  label?: string;
  description?: string;
  default?: string | number | boolean;
  pattern?: string;
}

export interface Task {
  id: number;
  run_id: number;
  step_id: string;
  title: string;
  description?: string;
  assignees: { users?: string[]; roles?: string[] };
  form: { fields?: FormField[] } | null;
  outcomes: string[];
  state: string;
  answerable?: boolean;
  deadline_at: string | null;
  created_at: string;
  closed_at: string | null;
  outcome: string | null;
  responder: string | null;
  response: Record<string, unknown> | null;
  responded_at: string | null;
  escalation_level?: number;
  reminders_sent?: number;
  history?: TaskDecision[];
}

export interface TaskDecision {
  id: number;
  run_id: number;
  state: string;
  outcome: string | null;
  responder: string | null;
  response: Record<string, unknown> | null;
  responded_at: string | null;
  closed_at: string | null;
}

export interface RunSummary {
  id: number;
  workflow: string;
  state: string;
  params: Record<string, unknown>;
  trigger: string;
  current_step: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  error: string | null;
  rerun_of: number | null;
  /** Why an unfinished run is not progressing as usual; null otherwise. */
  condition: RunCondition | null;
}

/** A run's condition (`livy_unreachable`, `retrying`, `stuck`), see docs/engine.md. */
export interface RunCondition {
  kind: string;
  detail: string;
  since: string;
}

export interface LivyHandle {
  kind: string;
  name: string;
  livy_id: number | string | null;
  state: string;
  terminal: boolean;
  app_id: string | null;
  driver_log_url: string | null;
  spark_ui_url: string | null;
}

export interface StepAttempt {
  exec_id: number;
  attempt: number;
  state: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  error: string | null;
  outcome: string | null;
  outputs: Record<string, unknown> | null;
  livy: LivyHandle[];
}

export interface RunEvent {
  id: number;
  step_exec_id?: number | null;
  at: string;
  type: string;
  payload: Record<string, unknown> | null;
}

export interface RunDetail extends RunSummary {
  steps: { id: string; state: string; attempts: StepAttempt[] }[];
  tasks: Task[];
  reruns: number[];
  events: RunEvent[];
  events_total: number;
}

export interface WorkflowSummary {
  name: string;
  description: string;
  can_trigger: boolean;
  params: FormField[];
  triggers: { cron: string; zone?: string; next_at?: string | null }[];
  steps: { id: string; type: string }[];
}
