import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, escapeIdentifier } from 'pg';
import { ServiceProcess } from '../../test/support/service-process';
import { figuresOf, alternatingPairs, pairedResult } from '../support/alternating-pairs';
import { adminTokens, newAuthSecret } from '../support/auth';
import { measureLoad } from '../support/load';
import { timedRuns } from '../support/mode';
import { updatePlan } from '../support/request-plans';
import { skippedResult } from '../support/results';
import type { Scenario } from '../support/scenario';

/**
 * On a machine whose cores are all busy, a second process has no core to add: the row guards what
 * sharing one store costs, at most a tenth. With cores to spare it should scale; see SCALING.md.
 */
const TARGET = 0.9;
const SEEDING_CONNECTIONS = 16;
const NAME = 'update, 2 API processes vs 1 on PostgreSQL';
const UNIT = 'req/s';

/**
 * The update load on two API processes against the same load on one, in alternating pairs,
 * every store in PostgreSQL (DATABASE_URL): the events (EVENT_STORE_URL), the read model, the
 * audit log and the keys, with one more process projecting and sealing.
 */
export const apiProcessesScenario: Scenario = {
  name: 'api-processes',
  run: async (mode) => {
    const databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) return [skippedResult(NAME, UNIT, TARGET, 'DATABASE_URL unset')];
    return withTopology(databaseUrl, mode.casePool, async ({ apis, caseIds, tokens }) => {
      const plan = updatePlan(caseIds, tokens, mode.connections);
      const runs = timedRuns(mode);
      const pairs = await alternatingPairs(
        () =>
          measureLoad(
            apis.map((api) => api.baseUrl),
            plan,
            runs,
          ),
        () => measureLoad([apis[0].baseUrl], plan, runs),
      );
      return [
        pairedResult(
          NAME,
          UNIT,
          'higher',
          figuresOf(pairs, (run) => run.requestsPerSecond),
          TARGET,
        ),
      ];
    });
  },
};

interface Topology {
  readonly apis: readonly ServiceProcess[];
  readonly caseIds: readonly string[];
  readonly tokens: readonly string[];
}

async function withTopology<T>(
  databaseUrl: string,
  cases: number,
  work: (topology: Topology) => Promise<T>,
): Promise<T> {
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-api-processes-'));
  const authSecret = newAuthSecret();
  const env = {
    DATA_DIR: dataDir,
    AUTH_SECRET: authSecret,
    EVENT_STORE_URL: databaseUrl,
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: schema,
    RATE_LIMIT_PER_MINUTE: '0',
  };
  const started: ServiceProcess[] = [];
  const start = async (roles: string) => {
    const process = await ServiceProcess.start({ ...env, SERVICE_ROLES: roles });
    started.push(process);
    return process;
  };
  try {
    // The first start creates the schema, the keys and the signing key the others then share.
    const first = await start('api');
    const apis = [first, await start('api')];
    await start('projector,sealer');
    const tokens = await adminTokens(authSecret);
    const caseIds = await createCases(first.baseUrl, tokens[0], cases);
    return await work({ apis, caseIds, tokens });
  } finally {
    await Promise.all(started.map((process) => process.kill('SIGKILL')));
    await dropSchema(databaseUrl, schema);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function createCases(baseUrl: string, token: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  const createOne = async () => {
    while (ids.length < count) {
      const response = await fetch(`${baseUrl}/iptv/supportcase`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `bench case ${ids.length}` }),
      });
      const body = (await response.json()) as { _id?: string };
      if (response.status !== 200 || !body._id) throw new Error(`creating a case failed: ${response.status}`);
      ids.push(body._id);
    }
  };
  await Promise.all(Array.from({ length: SEEDING_CONNECTIONS }, createOne));
  return ids.slice(0, count);
}

async function dropSchema(databaseUrl: string, schema: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${escapeIdentifier(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}
