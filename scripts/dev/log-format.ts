const COLORS = ['36', '32', '33', '35', '34', '96', '92', '93', '95', '94', '91'];
const LEVEL_COLOR: Record<string, string> = { error: '31', fatal: '31', warn: '33', info: '32', debug: '90', trace: '90' };
const OMIT = new Set(['level', 'time', 'service', 'msg', 'pid', 'hostname']);

/** Turns one process's JSON log lines into readable, prefixed lines. */
export function createLineFormatter(name: string, index: number, width: number, color: boolean) {
  const paint = (code: string, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
  const prefix = paint(COLORS[index % COLORS.length]!, name.padEnd(width));
  return (line: string): string => {
    if (!line.startsWith('{')) return `${prefix} | ${line}`;
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      const time = typeof entry.time === 'string' ? entry.time.slice(11, 19) : '';
      const level = String(entry.level ?? 'info');
      const extras = Object.entries(entry)
        .filter(([key]) => !OMIT.has(key))
        .map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
        .join(' ');
      return `${prefix} | ${time} ${paint(LEVEL_COLOR[level] ?? '0', level.toUpperCase().padEnd(5))} ${String(entry.msg ?? '')}${extras ? ` ${paint('90', extras)}` : ''}`;
    } catch {
      return `${prefix} | ${line}`;
    }
  };
}
