import { useState } from 'react';
import { importCatalog, requestImportUpload, type ImportResult } from '../../api/catalog-import';
import { ApiError, toApiError } from '../../api/errors';
import { useI18n } from '../../i18n/i18n';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { ProgressBar } from '../../ui/ProgressBar';
import { IMPORT_TEMPLATE_CSV, importMessages } from './import-messages';
import { putWithProgress } from './upload';

const MAX_BYTES = 20 * 1024 * 1024;

/** The content type the server signs for this file, from its name (browsers often leave .jsonl untyped). */
function contentTypeOf(file: File): string | undefined {
  const name = file.name.toLowerCase();
  if (name.endsWith('.csv')) return 'text/csv';
  if (name.endsWith('.jsonl') || name.endsWith('.ndjson')) return 'application/x-ndjson';
  return ['text/csv', 'application/x-ndjson', 'application/jsonl'].includes(file.type) ? file.type : undefined;
}

type Phase = { kind: 'idle' } | { kind: 'uploading'; pct: number } | { kind: 'importing' } | { kind: 'done'; result: ImportResult };

/** Pick a file → requestImportUpload → PUT with progress → importCatalog → counts and per-row errors. */
export function CatalogImportPanel({ onImported, onClose }: { onImported: () => void; onClose: () => void }) {
  const { lang } = useI18n();
  const m = importMessages(lang);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });
  const [error, setError] = useState<ApiError>();

  const run = async (file: File) => {
    setError(undefined);
    const contentType = contentTypeOf(file);
    const refused = !contentType ? m('badType') : file.size > MAX_BYTES ? m('tooBig') : undefined;
    if (refused || !contentType) {
      setPhase({ kind: 'idle' });
      return setError(new ApiError('ValidationError', refused ?? m('badType')));
    }
    try {
      setPhase({ kind: 'uploading', pct: 0 });
      const target = await requestImportUpload(contentType, file.size);
      const typed = new File([file], file.name, { type: contentType });
      await putWithProgress(target.uploadUrl, typed, (f) => setPhase({ kind: 'uploading', pct: f * 100 }));
      setPhase({ kind: 'importing' });
      const result = await importCatalog(target.key);
      setPhase({ kind: 'done', result });
      onImported();
    } catch (e) {
      setError(toApiError(e));
      setPhase({ kind: 'idle' });
    }
  };

  const busy = phase.kind === 'uploading' || phase.kind === 'importing';
  const template = `data:text/csv;charset=utf-8,${encodeURIComponent(IMPORT_TEMPLATE_CSV)}`;
  return (
    <section className="panel catalog-import" aria-label={m('title')}>
      <h2>{m('title')}</h2>
      <p className="small muted">{m('help')}</p>
      <div className="actions">
        <label className={busy ? 'button disabled' : 'button primary'}>
          ⬆ {m('choose')}
          <input
            type="file"
            name="import-file"
            accept=".csv,.jsonl,.ndjson,text/csv,application/x-ndjson"
            hidden
            disabled={busy}
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void run(f);
              e.target.value = '';
            }}
          />
        </label>
        <a className="button" href={template} download="marquee-products.csv">
          {m('template')}
        </a>
        <button type="button" onClick={onClose} disabled={busy}>
          {m('close')}
        </button>
      </div>
      {phase.kind === 'uploading' && <ProgressBar value={phase.pct} label={m('uploading', { pct: Math.round(phase.pct) })} />}
      {phase.kind === 'importing' && (
        <p className="loading" role="status">
          {m('importing')}
        </p>
      )}
      <ErrorMessage error={error} />
      {phase.kind === 'done' && <ImportReport result={phase.result} m={m} />}
    </section>
  );
}

function ImportReport({ result, m }: { result: ImportResult; m: ReturnType<typeof importMessages> }) {
  return (
    <div className="import-report">
      <p className="notice" role="status" data-testid="import-summary">
        {m('summary', { created: result.created, updated: result.updated, unchanged: result.unchanged, failed: result.failed })}
        {result.failed === 0 && ` ${m('allGood')}`}
      </p>
      {result.errors.length > 0 && (
        <>
          <h3>{m('errorsTitle')}</h3>
          {result.errors.length < result.failed && (
            <p className="small muted">{m('moreErrors', { shown: result.errors.length, failed: result.failed })}</p>
          )}
          <div className="table-wrap">
            <table className="table import-errors">
              <thead>
                <tr>
                  <th className="num">{m('row')}</th>
                  <th>{m('message')}</th>
                </tr>
              </thead>
              <tbody>
                {result.errors.map((e) => (
                  <tr key={e.row}>
                    <td className="num">{e.row}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
