import { Injectable } from '@nestjs/common';

/** What a probe found: whether its part is ready, and what to show about it either way. */
export interface ProbeReport {
  readonly up: boolean;
  readonly details?: Record<string, unknown>;
}

export type Probe = () => Promise<ProbeReport>;

/** What the process needs before it is ready (stores, brokers, consumers), by name. */
@Injectable()
export class ReadinessProbes {
  private readonly probes = new Map<string, Probe>();

  /** `check` resolves when the part is ready; its rejection says why it is not. */
  add(name: string, check: () => Promise<unknown>): void {
    this.addReporting(name, async () => {
      try {
        await check();
        return { up: true };
      } catch (error) {
        return { up: false, details: { message: (error as Error).message } };
      }
    });
  }

  /** A probe that shows details whether ready or not, e.g. how far each consumer trails. */
  addReporting(name: string, probe: Probe): void {
    this.probes.set(name, probe);
  }

  all(): Array<[string, Probe]> {
    return [...this.probes];
  }
}
