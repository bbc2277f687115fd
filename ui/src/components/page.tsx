// The frame of every screen: the document title, the page heading (focused after navigation so
// screen readers announce the new page), actions, and the `data-ready` mark on <main> once the
// screen's first data has rendered (scripts/bench-ui.sh and the browser tests wait for it).
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

interface PageProps {
  title: string;
  /** True once the first data is on screen (or an error is). */
  ready: boolean;
  actions?: ComponentChildren;
  subtitle?: ComponentChildren;
  children: ComponentChildren;
}

/** One screen's frame: `<h1>`, optional subtitle and actions, then the content. */
export function Page({ title, ready, actions, subtitle, children }: PageProps) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Steward`;
  }, [title]);
  useEffect(() => {
    heading.current?.focus({ preventScroll: true });
  }, []);
  useEffect(() => {
    const main = document.querySelector('main');
    if (main) main.dataset.ready = ready ? 'true' : 'false';
  }, [ready]);
  return (
    <>
      <div class="page-head">
        <div>
          <h1 tabIndex={-1} ref={heading}>
            {title}
          </h1>
          {subtitle && <div class="subtitle">{subtitle}</div>}
        </div>
        {actions && <div class="actions">{actions}</div>}
      </div>
      {children}
    </>
  );
}
