const pad = (n: number) => String(n).padStart(2, '0');

/** Seconds as "mm:ss", or "h:mm:ss" from an hour on. */
export function formatTimestamp(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = `${pad(minutes)}:${pad(whole % 60)}`;
  return hours > 0 ? `${hours}:${rest}` : rest;
}

/** "mm:ss–mm:ss" for a span of time. */
export const formatSpan = (start: number, end: number) => `${formatTimestamp(start)}–${formatTimestamp(end)}`;
