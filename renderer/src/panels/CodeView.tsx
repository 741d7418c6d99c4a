import { useMemo } from 'react';
import type { HighlightLanguage } from '../highlight/highlight.ts';
import { highlightText } from '../highlight/highlight.ts';

/**
 * A text shown highlighted. highlight.js escapes the text itself and returns its own spans;
 * highlightText refuses any other markup, so only those spans reach the page.
 */
export function CodeView({
  text,
  language,
  testid,
}: {
  text: string;
  language: HighlightLanguage | null;
  testid: string;
}) {
  // Only the file shown is highlighted, and only again when its text changes.
  const shown = useMemo(() => highlightText(text, language), [text, language]);
  if (shown.kind === 'plain')
    return (
      <div className="code-view">
        {shown.note ? (
          <p className="muted code-note" data-testid={`${testid}-note`}>
            {shown.note}
          </p>
        ) : null}
        <pre className="code" data-testid={testid} data-highlighted="no">
          {text}
        </pre>
      </div>
    );
  return (
    <div className="code-view">
      <pre
        className="code"
        data-testid={testid}
        data-highlighted="yes"
        data-language={shown.language}
      >
        <code
          className={`hljs language-${shown.language}`}
          dangerouslySetInnerHTML={{ __html: shown.html }}
        />
      </pre>
    </div>
  );
}
