import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Unsent writing kept in this browser (localStorage), so a reload, a crash or a closed tab
 * loses nothing a person wrote. Each draft belongs to a person and a place (`reply:<topic id>`,
 * `new-topic`), is cleared once sent, and all of them go when the person signs out, so a shared
 * computer keeps nobody's words after they leave.
 */
const PREFIX = 'parley:draft:';

export const draftKey = (personId: string, place: string) => `${PREFIX}${personId}:${place}`;

/** Storage can be missing or full (private windows, quotas): a draft is then just not kept. */
function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/**
 * A value that survives reloads under `key`. It starts as `empty` (the server rendered that),
 * then takes the kept draft once mounted; writing an empty value forgets the draft.
 */
export function useDraft<T extends object>(
  key: string,
  empty: T,
  isEmpty: (value: T) => boolean,
): [value: T, update: (next: T) => void, clear: () => void] {
  const [value, setValue] = useState(empty);
  const emptyRef = useRef(empty);
  useEffect(() => {
    const kept = storage()?.getItem(key);
    if (!kept) return;
    try {
      setValue({ ...emptyRef.current, ...(JSON.parse(kept) as Partial<T>) });
    } catch {
      storage()?.removeItem(key);
    }
  }, [key]);
  const update = useCallback(
    (next: T) => {
      setValue(next);
      try {
        if (isEmpty(next)) storage()?.removeItem(key);
        else storage()?.setItem(key, JSON.stringify(next));
      } catch {
        // Full storage: the text stays on the page, only not across a reload.
      }
    },
    [key, isEmpty],
  );
  const clear = useCallback(() => {
    setValue(emptyRef.current);
    storage()?.removeItem(key);
  }, [key]);
  return [value, update, clear];
}

/** Forgets every draft kept in this browser (on sign-out). */
export function clearDrafts(): void {
  const kept = storage();
  if (!kept) return;
  for (let index = kept.length - 1; index >= 0; index--) {
    const key = kept.key(index);
    if (key?.startsWith(PREFIX)) kept.removeItem(key);
  }
}
