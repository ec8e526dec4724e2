import { Writable } from 'node:stream';

/** Collects a process's JSON log lines, so a test can read what it logged. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    this.lines.push(
      ...chunk
        .toString()
        .split('\n')
        .filter((line) => line !== ''),
    );
    done();
  }

  /** Every line, parsed. */
  entries(): Array<Record<string, any>> {
    return this.lines.map((line) => JSON.parse(line));
  }

  text(): string {
    return this.lines.join('\n');
  }
}
