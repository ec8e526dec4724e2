import { Injectable } from '@nestjs/common';

/** Checks a role adds to readiness (e.g. the relay's broker), by name. */
@Injectable()
export class ReadinessProbes {
  private readonly probes = new Map<string, () => Promise<unknown>>();

  add(name: string, check: () => Promise<unknown>): void {
    this.probes.set(name, check);
  }

  all(): Array<[string, () => Promise<unknown>]> {
    return [...this.probes];
  }
}
