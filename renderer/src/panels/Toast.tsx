import { useEffect, useState } from 'react';
import { useDesigner } from '../store/store.ts';

/** The last message (a refused connection, a saved file), shown for a few seconds. */
export function Toast() {
  const toast = useDesigner((s) => s.toast);
  const [hidden, setHidden] = useState<number | null>(null);
  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => setHidden(toast.seq), 6000);
    return () => clearTimeout(timer);
  }, [toast]);
  if (!toast || hidden === toast.seq) return null;
  return (
    <div className="toast" role="status" data-testid="toast" onClick={() => setHidden(toast.seq)}>
      {toast.text}
    </div>
  );
}
