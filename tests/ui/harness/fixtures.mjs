// The stack's fixtures: users, workflows, config and report data (tests/ui/README.md lists them).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/// The accounts of every stack: name -> {password, roles}. Passwords are set as Argon2id hashes
/// (`steward user hash`) in the config.
export const USERS = {
  alice: { password: 'alice-password-1', roles: ['model_owner'] },
  vera: { password: 'vera-password-1', roles: ['viewer'] },
  sam: { password: 'sam-password-1', roles: ['model_steward'] },
  admin: { password: 'admin-password-1', roles: ['platform_admin'] },
};

/// The model the `score-report` workflow registers, promotes and reports on.
export const REPORT_MODEL = 'risk:churn';

// The stack's files: config, workflows, jobs, report data.

export function writeFile(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

// A small deterministic generator (mulberry32), so the report data are the same in every run.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/// Scored rows (label churned, score p_churn, features tenure, monthly_charges, contract) of one
/// period: `drift` shifts the monthly charges and blurs the score (0 = like the reference).
export function reportCsv(seed, rows, drift) {
  const next = random(seed);
  const out = ['churned,p_churn,tenure,monthly_charges,contract'];
  const contracts = ['monthly', 'yearly', 'two_year'];
  for (let i = 0; i < rows; i++) {
    const tenure = Math.floor(next() * 72);
    const charges = 20 + next() * 100 * (1 + drift);
    const contract = contracts[Math.floor(next() * (drift > 0.2 ? 1.6 : 3))];
    const risk = 0.6 - tenure / 120 + (contract === 'monthly' ? 0.25 : -0.1) + (charges - 70) / 400;
    const churned = next() < Math.min(0.95, Math.max(0.02, risk)) ? 1 : 0;
    const noise = (next() - 0.5) * (0.3 + drift);
    const score = Math.min(0.999, Math.max(0.001, risk + noise));
    out.push(`${churned},${score.toFixed(4)},${tenure},${charges.toFixed(2)},${contract}`);
  }
  return out.join('\n') + '\n';
}

/// The report workflow's periods and their drift (the trend chart's x axis).
export const REPORT_PERIODS = [
  ['2026-07', 0.0],
  ['2026-08', 0.05],
  ['2026-09', 0.1],
  ['2026-10', 0.2],
  ['2026-11', 0.3],
];

export function workflows(dataDir) {
  return {
    // (a) an approval between two Spark steps; after "approve" the run ends succeeded.
    'approve-demo.yaml': `name: approve-demo
description: Train on Spark, ask the model owner, then deploy
params:
  region: {type: enum, values: [emea, amer, apac], default: emea, description: Which customers}
steps:
  - id: train
    name: Train on Spark
    type: livy_batch
    file: jobs/demo/train.py
    args: [--region, "\${params.region}"]
  - id: approve
    name: Approve the model
    type: user_task
    title: "Approve the churn model of run \${run.id}?"
    description: "Trained on \${params.region} customers. Check the hold-out figures first."
    assignees: {roles: [model_owner]}
    form:
      risk: {type: enum, values: [low, medium, high], required: true, label: Risk rating}
      confidence: {type: number, default: 80, label: Confidence in percent}
      ticket: {type: string, label: Change ticket}
      comment: {type: text, label: Comment}
    outcomes: [approve, reject]
    timeout: 3d
    next: {approve: deploy, reject: rejected}
  - id: deploy
    name: Deploy on Spark
    type: livy_batch
    file: jobs/demo/deploy.py
    next: end
  - id: rejected
    type: fail
    message: "the model of run \${run.id} was rejected"
`,
    // (b) a trivial run for seeding lists; outcome=fail ends it failed.
    'quick.yaml': `name: quick
description: A trivial run (a gate), for seeding
params:
  outcome: {type: enum, values: [pass, fail], default: pass}
steps:
  - id: check
    type: gate
    cases:
      - if: params.outcome == "fail"
        goto: broken
    default: end
  - id: broken
    type: fail
    message: asked to fail
`,
    // (c) a batch that runs for a while printing "tick N" lines (fake Livy --batch-seconds-for -tail-).
    'tail-demo.yaml': `name: tail-demo
description: A long Spark batch that keeps logging (live tail)
steps:
  - id: tail
    name: Long batch
    type: livy_batch
    file: jobs/demo/tail.py
`,
    // (d) typed params for the trigger form.
    'params-demo.yaml': `name: params-demo
description: Typed params for the Start-a-run form
params:
  region: {type: enum, values: [emea, amer, apac], required: true, description: Which customers}
  rows: {type: integer, default: 1000, description: Rows to sample}
  ks_min: {type: number, default: 0.3, description: Minimum KS}
  data: {type: string, default: "hdfs:///data/churn", pattern: '^hdfs:///data/[a-z0-9_/]+$', description: Input data}
  dry_run: {type: boolean, default: false}
  period: {type: duration, default: 7d}
steps:
  - id: extract
    type: livy_batch
    file: jobs/demo/train.py
    args: [--region, "\${params.region}", --rows, "\${params.rows}", --data, "\${params.data}"]
`,
    // (e) register a version, make it champion, and file a report under the model for a period.
    'score-report.yaml': `name: score-report
description: Register, promote and monitor ${REPORT_MODEL} for one period
params:
  period: {type: string, default: "2026-07", pattern: '^[0-9]{4}-[0-9]{2}$'}
  promote: {type: enum, values: [champion, challenger], default: champion}
  model: {type: string, default: "${REPORT_MODEL}"}
steps:
  - id: register
    type: register_model
    model: "\${params.model}"
    version: "1.0"
    artifact: "hdfs:///models/churn/\${run.uid}"
    metrics: {gini: 0.61, ks: 0.45}
    tags: {period: "\${params.period}"}
  - id: which
    type: gate
    cases:
      - if: params.promote == "challenger"
        goto: challenger
    default: champion
  - id: champion
    type: promote_model
    model: "\${params.model}"
    version: "\${steps.register.outputs.version}"
    alias: champion
    next: monitor
  - id: challenger
    type: promote_model
    model: "\${params.model}"
    version: "\${steps.register.outputs.version}"
    alias: challenger
  - id: monitor
    name: Performance and drift
    type: report
    scored: "${dataDir}/scored-\${params.period}.csv"
    reference: "${dataDir}/reference.csv"
    label: churned
    score: p_churn
    features: [tenure, monthly_charges, contract]
    categorical: [contract]
    model: "\${params.model}"
    model_version: "\${steps.register.outputs.version}"
    period: "\${params.period}"
  # The thresholds the models dashboard's health and the trend's threshold line read.
  - id: healthy
    type: gate
    cases:
      - if: steps.monitor.metrics.ks >= 0.3 and steps.monitor.stability.score_psi <= 0.2
        goto: end
    default: end
`,
  };
}

export function config({ livyPort, hashes: userHashes, extra }) {
  const users = Object.entries(USERS)
    .map(([name, u]) => `  ${name}: {roles: [${u.roles.join(', ')}], password_hash: "${userHashes[name]}"}`)
    .join('\n');
  return `http: {listen: '127.0.0.1:0'}
livy: {url: 'http://127.0.0.1:${livyPort}', poll_interval: 100ms, log_interval: 200ms}
store: {path: steward.db}
workflows_dir: workflows
jobs_dir: jobs
data_roots: [data]
auth:
  mode: local
  signin: {max_failures: 1000, window: 1m}
roles:
  model_owner: {description: Approves models, permissions: [view, answer, promote]}
  viewer: {description: Reads everything, permissions: [view]}
  model_steward: {description: Runs the workflows, permissions: [view, trigger, cancel, answer]}
  platform_admin: {description: Everything, permissions: [view, trigger, cancel, answer, promote, admin]}
users:
${users}
logging: {level: info}
${extra ?? ''}`;
}
