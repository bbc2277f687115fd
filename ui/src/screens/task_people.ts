// Who may answer a user task, in words and as a check the UI makes before it offers the buttons
// (the server checks again: POST /api/tasks/{id}/complete answers 403 not_assignee).
import type { Principal, Task } from '../types';

/** "alice, bob or users with role model_owner" ("nobody" when the lists are empty). */
export function assigneesText(assignees: Task['assignees'] | null | undefined): string {
  const users = assignees?.users ?? [];
  const roles = assignees?.roles ?? [];
  const parts = [...users];
  if (roles.length === 1) parts.push(`users with role ${roles[0]}`);
  else if (roles.length > 1) parts.push(`users with role ${roles.slice(0, -1).join(', ')} or ${roles[roles.length - 1]}`);
  if (parts.length === 0) return 'nobody';
  if (parts.length === 1) return parts[0];
  return `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`;
}

/** True when `principal` is an assignee of the task: listed by name or holding a listed role. */
export function isAssignee(principal: Principal | null | undefined, assignees: Task['assignees'] | null | undefined): boolean {
  if (!principal) return false;
  if ((assignees?.users ?? []).includes(principal.user)) return true;
  return (assignees?.roles ?? []).some((role) => principal.roles.includes(role));
}

/** "approved", "rejected", "kept": an outcome as the banner words it; `answered "yes"` when unsure. */
export function pastTense(outcome: string): string {
  const known: Record<string, string> = {
    keep: 'kept', done: 'done', hold: 'held', send: 'sent', reject: 'rejected', accept: 'accepted',
    retrain: 'retrained', confirm: 'confirmed', defer: 'deferred', pass: 'passed', fail: 'failed',
    cancel: 'cancelled', skip: 'skipped', stop: 'stopped', deny: 'denied', retry: 'retried', block: 'blocked',
    sign_off: 'signed off', request_changes: 'requested changes', rollback: 'rolled back',
  };
  if (known[outcome]) return known[outcome];
  if (/^[a-z]+e$/.test(outcome)) return `${outcome}d`; // approve, decline, promote, escalate
  if (/^[a-z]+ed$/.test(outcome)) return outcome;
  return `answered "${outcome}"`;
}

/** True for outcomes that say no (reject, deny, …): drawn as a danger button and a warning banner. */
export const looksNegative = (outcome: string) => /^(reject|deny|decline|refuse|fail|abort|cancel|stop)/.test(outcome);
