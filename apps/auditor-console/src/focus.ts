import { useEffect, useRef } from 'preact/hooks';

/**
 * Moves focus to the element once it is shown, so a keyboard or screen reader user starts on
 * the new screen's heading rather than on whatever was focused before it replaced the old one.
 */
export function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}
