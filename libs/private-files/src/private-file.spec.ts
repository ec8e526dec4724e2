import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPrivateFileOnce } from './private-file';

describe('createPrivateFileOnce', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'private-file-'));
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('creates the file and its missing directories, readable by its owner only, and leaves nothing else', () => {
    const path = join(root, 'nested', 'secret');

    expect(createPrivateFileOnce(path, 'first')).toBe(true);

    expect(readFileSync(path, 'utf8')).toBe('first');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(join(root, 'nested'))).toEqual(['secret']);
  });

  it('keeps the content already in place, and says this call did not create it', () => {
    const path = join(root, 'secret');
    createPrivateFileOnce(path, 'first');

    expect(createPrivateFileOnce(path, 'second')).toBe(false);

    expect(readFileSync(path, 'utf8')).toBe('first');
    expect(readdirSync(root)).toEqual(['secret']);
  });
});
