import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The permission bits of every folder and file under `root` (not `root` itself), by path relative to it. */
export function modesUnder(root: string): Record<string, number> {
  const paths = readdirSync(root, { recursive: true, encoding: 'utf8' });
  return Object.fromEntries(paths.map((path) => [path, statSync(join(root, path)).mode & 0o777]));
}
