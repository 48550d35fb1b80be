'use client';

import { useId, useState } from 'react';
import { MarkdownPreview } from './rendered-markdown.tsx';

/**
 * A Markdown textarea with Write and Preview tabs; the preview is rendered by the portal's
 * server (`/api/markdown`), the same code that renders the published text.
 */
export function MarkdownEditor({
  label,
  value,
  onChange,
  onBlur,
  rows = 6,
  placeholder,
  errorId,
}: {
  /** The textarea's accessible name. */
  label: string;
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  /** @default 6 */
  rows?: number;
  placeholder?: string;
  /** The id of the inline error describing this field, when there is one. */
  errorId?: string | undefined;
}) {
  const [tab, setTab] = useState<'write' | 'preview'>('write');
  const id = useId();
  return (
    <>
      <div className="tabs" role="tablist" aria-label="Write or preview">
        <button
          type="button"
          role="tab"
          id={`${id}-write-tab`}
          aria-selected={tab === 'write'}
          aria-controls={`${id}-write`}
          onClick={() => setTab('write')}
        >
          Write
        </button>
        <button
          type="button"
          role="tab"
          id={`${id}-preview-tab`}
          aria-selected={tab === 'preview'}
          aria-controls={`${id}-preview`}
          onClick={() => setTab('preview')}
        >
          Preview
        </button>
      </div>
      <div role="tabpanel" id={`${id}-write`} aria-labelledby={`${id}-write-tab`} hidden={tab !== 'write'}>
        <label htmlFor={`${id}-body`} className="visually-hidden">
          {label}
        </label>
        <textarea
          id={`${id}-body`}
          name="body"
          rows={rows}
          value={value}
          placeholder={placeholder}
          aria-invalid={errorId ? true : undefined}
          aria-describedby={errorId}
          onChange={(event) => onChange(event.target.value)}
          onBlur={onBlur}
        />
      </div>
      <div
        role="tabpanel"
        id={`${id}-preview`}
        aria-labelledby={`${id}-preview-tab`}
        hidden={tab !== 'preview'}
        className="preview"
      >
        {tab === 'preview' && <MarkdownPreview source={value} empty="Nothing to preview yet." />}
      </div>
    </>
  );
}
