import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPrivateDirectory, createPrivateFileIfMissing, createPrivateFileOnce } from './private-file';

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'private-file-'));
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('createPrivateFileOnce', () => {
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

describe('createPrivateDirectory', () => {
  it('creates the folder and its missing parents, open to their owner only', () => {
    createPrivateDirectory(join(root, 'parent', 'child'));

    expect(statSync(join(root, 'parent')).mode & 0o777).toBe(0o700);
    expect(statSync(join(root, 'parent', 'child')).mode & 0o777).toBe(0o700);
  });

  it('leaves the mode of a folder that exists as it was', () => {
    const existing = join(root, 'existing');
    mkdirSync(existing, { mode: 0o755 });
    chmodSync(existing, 0o755);

    createPrivateDirectory(existing);

    expect(statSync(existing).mode & 0o777).toBe(0o755);
  });
});

describe('createPrivateFileIfMissing', () => {
  it('creates an empty file readable by its owner only, in private folders', () => {
    const path = join(root, 'data', 'store.sqlite');

    createPrivateFileIfMissing(path);

    expect(readFileSync(path, 'utf8')).toBe('');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(root, 'data')).mode & 0o777).toBe(0o700);
  });

  it('keeps the content of a file that exists', () => {
    const path = join(root, 'store.sqlite');
    createPrivateFileOnce(path, 'stored');

    createPrivateFileIfMissing(path);

    expect(readFileSync(path, 'utf8')).toBe('stored');
  });
});
