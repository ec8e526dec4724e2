import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServiceProcess } from '../../support/service-process';

export const LEADER_ROLES = ['projector', 'sealer', 'relay'] as const;
export type LeaderRole = (typeof LEADER_ROLES)[number];
export type ClusterRole = 'api' | LeaderRole;

/** Far longer than any wait here: a watch ends with its process, not on a timer. */
const WATCH_MS = 60 * 60 * 1000;

/** One place in the topology: a role, and the process that plays it now (none while it restarts). */
interface Slot {
  readonly role: ClusterRole;
  readonly dataDir: string;
  process?: ServiceProcess;
  /** When the current process logged that it leads its role. */
  leadingSince?: number;
  restarting?: Promise<void>;
}

interface PendingFailover {
  readonly role: LeaderRole;
  readonly killedAt: number;
  /** Whether another instance of the role was running to take over, or still restarting. */
  readonly standbyUp: boolean;
}

/** The times leader roles stood without a leader, in ms, by role. */
export type FailoverTimes = Record<LeaderRole, number | undefined>;

/**
 * The processes of a multi-process topology sharing one environment, each with its own
 * DATA_DIR: SIGKILLed and restarted at will, with the time each leader role stood without a leader.
 */
export class Cluster {
  private readonly slots: Slot[];
  private readonly failovers = new Map<LeaderRole, number[]>();
  /** Leaders killed while their role's other instances were down: back only once one restarted. */
  private readonly withoutStandby = new Map<LeaderRole, number[]>();
  private pending: PendingFailover[] = [];

  constructor(
    private readonly env: Record<string, string>,
    counts: Readonly<Record<ClusterRole, number>>,
  ) {
    this.slots = (Object.entries(counts) as [ClusterRole, number][]).flatMap(([role, count]) =>
      Array.from({ length: count }, () => ({ role, dataDir: mkdtempSync(join(tmpdir(), `topology-${role}-`)) })),
    );
  }

  async start(): Promise<void> {
    for (const slot of this.slots) await this.launch(slot);
  }

  /** The base URLs of the API processes running now. */
  apiUrls(): string[] {
    return this.slots.flatMap((slot) => (slot.role === 'api' && slot.process ? [slot.process.baseUrl] : []));
  }

  size(): number {
    return this.slots.length;
  }

  /** The slot of the process that leads `role` now, if one does. */
  leaderOf(role: LeaderRole): number | undefined {
    const index = this.slots.findIndex((slot) => slot.role === role && slot.process && slot.leadingSince !== undefined);
    return index === -1 ? undefined : index;
  }

  /** SIGKILLs the process in slot `index` and starts another in its place, in the background. */
  async killAndRestart(index: number): Promise<ClusterRole | undefined> {
    const slot = this.slots[index];
    const victim = slot.process;
    if (!victim || slot.restarting) return undefined;
    const led = slot.role !== 'api' && slot.leadingSince !== undefined;
    const standbyUp = this.slots.some((other) => other !== slot && other.role === slot.role && other.process);
    slot.process = undefined;
    slot.leadingSince = undefined;
    // Timed before the signal: a standby may lead before this process's exit is seen here.
    if (led) this.pending.push({ role: slot.role as LeaderRole, killedAt: performance.now(), standbyUp });
    await victim.kill('SIGKILL');
    slot.restarting = this.launch(slot).finally(() => (slot.restarting = undefined));
    return slot.role;
  }

  /** Resolves once every slot runs a process again. */
  async settled(): Promise<void> {
    await Promise.all(this.slots.map((slot) => slot.restarting));
  }

  /** The longest time each leader role went without a leader after its leader was killed while a standby ran. */
  longestFailovers(): FailoverTimes {
    return longestOf(this.failovers);
  }

  /** The same, for leaders killed while no other instance of their role ran: the time a restart takes. */
  longestWithoutStandby(): FailoverTimes {
    return longestOf(this.withoutStandby);
  }

  /** Kills every process and removes their directories. */
  async stop(): Promise<void> {
    await this.settled().catch(() => undefined);
    await Promise.all(this.slots.map((slot) => slot.process?.kill('SIGKILL')));
    for (const slot of this.slots) rmSync(slot.dataDir, { recursive: true, force: true });
  }

  private async launch(slot: Slot): Promise<void> {
    const process = await ServiceProcess.start({ ...this.env, SERVICE_ROLES: slot.role, DATA_DIR: slot.dataDir });
    slot.process = process;
    if (slot.role !== 'api') this.watchLeadership(slot, slot.role, process);
  }

  private watchLeadership(slot: Slot, role: LeaderRole, process: ServiceProcess): void {
    process.logged(new RegExp(`${role}: this instance leads`), WATCH_MS).then(
      () => {
        if (slot.process !== process) return;
        slot.leadingSince = performance.now();
        this.leaderFound(role, slot.leadingSince);
      },
      () => undefined, // the process ended without leading
    );
  }

  /** A new leader ends every failover of its role that began before it led. */
  private leaderFound(role: LeaderRole, at: number): void {
    const [ended, open] = partition(this.pending, (failover) => failover.role === role && failover.killedAt <= at);
    this.pending = open;
    for (const { standbyUp, killedAt } of ended) {
      const byRole = standbyUp ? this.failovers : this.withoutStandby;
      byRole.set(role, [...(byRole.get(role) ?? []), at - killedAt]);
    }
  }
}

function longestOf(times: ReadonlyMap<LeaderRole, number[]>): FailoverTimes {
  const longest = (role: LeaderRole) => {
    const ofRole = times.get(role) ?? [];
    return ofRole.length === 0 ? undefined : Math.max(...ofRole);
  };
  return { projector: longest('projector'), sealer: longest('sealer'), relay: longest('relay') };
}

function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
}
