// A workflow's YAML source and its stored versions: the current text comes with the workflow; an
// older version's text is read from GET /api/workflows/{name}/versions/{version} when chosen. The
// chosen version is in the URL (?version=ID), so a link or a reload keeps it.
import { get, seg } from '../api';
import { useResource } from '../components/resource';
import { ErrorBox, Loading, Time } from '../components/status';
import { setQuery, useLocation } from '../router';
import type { WorkflowDetail, WorkflowVersionSource } from './workflow_parts';
import { YamlSource } from './workflow_yaml';

/** The source of the chosen version, with the table of stored versions to choose from. */
export function WorkflowSource({ workflow }: { workflow: WorkflowDetail }) {
  const location = useLocation();
  const versions = workflow.versions ?? [];
  const current = versions.find((v) => v.current)?.id ?? workflow.definition_id;
  const asked = Number(location.query.get('version'));
  const chosen = Number.isInteger(asked) && asked > 0 ? asked : current;
  const isCurrent = chosen === current || chosen === undefined;

  const old = useResource<WorkflowVersionSource | null>(
    () =>
      isCurrent
        ? Promise.resolve(null)
        : get<WorkflowVersionSource>(`/api/workflows/${seg(workflow.name)}/versions/${seg(chosen!)}`),
    [workflow.name, chosen, isCurrent],
  );

  const shown = isCurrent
    ? { source: workflow.source ?? '', hash: workflow.content_hash ?? '', id: current }
    : old.data && old.data.id === chosen && !old.error // not the text of the version chosen before
      ? { source: old.data.source, hash: old.data.content_hash, id: old.data.id }
      : null;

  return (
    <>
      <dl class="facts wf-facts">
        {workflow.file && (
          <>
            <dt>File</dt>
            <dd>
              <code>{workflow.file}</code>
            </dd>
          </>
        )}
        <dt>Showing</dt>
        <dd data-testid="source-version">
          {shown ? `version ${shown.id}${isCurrent ? ' (current)' : ''}` : `version ${chosen}`}
        </dd>
        {shown?.hash && (
          <>
            <dt>Content hash</dt>
            <dd>
              <code class="wf-hash">{shown.hash}</code>
            </dd>
          </>
        )}
      </dl>
      {!isCurrent && <ErrorBox error={old.error} title={`Version ${chosen} could not be loaded`} />}
      {!isCurrent && !shown && !old.error && <Loading what={`Loading version ${chosen}`} />}
      {shown && <YamlSource source={shown.source} label={`YAML source of ${workflow.name}, version ${shown.id}`} />}

      {versions.length > 0 && (
        <>
          <h3>Stored versions</h3>
          <div class="table-wrap wf-table">
            <table class="wf-versions">
              <caption class="visually-hidden">Stored versions of {workflow.name}, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Content hash</th>
                  <th scope="col">Loaded</th>
                  <th scope="col" class="num">
                    Runs
                  </th>
                  <th scope="col">Last run</th>
                  <th scope="col">
                    <span class="visually-hidden">Source</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {versions.map((v) => (
                  <tr key={v.id}>
                    <th scope="row">
                      {v.id}
                      {v.current && <span class="badge state-ok wf-current">current</span>}
                    </th>
                    <td>
                      <code title={v.content_hash}>{v.content_hash.slice(0, 12)}…</code>
                    </td>
                    <td>
                      <Time iso={v.created_at} />
                    </td>
                    <td class="num">{v.runs.toLocaleString('en-US')}</td>
                    <td>
                      <Time iso={v.last_run_at} />
                    </td>
                    <td>
                      <button
                        type="button"
                        aria-pressed={v.id === chosen}
                        aria-label={`Show the source of version ${v.id}`}
                        onClick={() => setQuery({ version: v.current ? undefined : v.id })}
                      >
                        Show
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}
