import { generateKeyPairSync } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { loadConfig as loadNotifierConfig } from '../apps/supportcase-notifier/src/config/notifier-config';
import { loadConfig as loadServiceConfig } from '../apps/supportcase-service/src/config/service-config';

const root = resolve(__dirname, '..');
const read = (file: string) => readFileSync(resolve(root, file), 'utf8');

interface ComposeService {
  build?: string;
  image?: string;
  profiles?: string[];
  command?: string[];
  environment?: Record<string, string>;
}

/** What .env gives: the variables the compose file requires. */
const DOT_ENV: Record<string, string> = {
  AUTH_SECRET: 'a-secret-of-thirty-two-characters-or-more',
  AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
};

/** The compose file as `docker compose config` reads it: anchors merged, the required variables given, the others at their defaults. */
function composeServices(): Record<string, ComposeService> {
  const { services } = parse(read('docker-compose.yml'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };
  for (const service of Object.values(services)) {
    for (const [name, value] of Object.entries(service.environment ?? {})) {
      const required = /^\$\{(\w+):\?[^}]*\}$/.exec(value)?.[1];
      const fallback = /^\$\{\w+:-([^}]*)\}$/.exec(value)?.[1];
      if (required) service.environment = { ...service.environment, [name]: DOT_ENV[required] };
      else if (fallback !== undefined) service.environment = { ...service.environment, [name]: fallback };
    }
  }
  return services;
}

describe('docker-compose.yml', () => {
  const services = composeServices();
  const ours = Object.entries(services).filter(([, service]) => service.build !== undefined);
  const isNotifier = (service: ComposeService) => service.command?.some((part) => part.includes('notifier')) ?? false;

  it('builds our services from the repository Dockerfile and names an image for the others', () => {
    for (const service of Object.values(services)) expect(service.build ?? service.image).toBeDefined();
    for (const [, service] of ours) expect(existsSync(resolve(root, service.build as string, 'Dockerfile'))).toBe(true);
  });

  it('runs the api, projector, sealer and relay roles and the notifier, each with a configuration that starts', () => {
    const roles = ours
      .filter(([, service]) => !isNotifier(service))
      .map(([, service]) => loadServiceConfig(service.environment));
    expect(roles.map((config) => [...config.roles])).toEqual([['api'], ['projector'], ['sealer'], ['relay']]);
    expect(roles.every((config) => config.eventStore.kind === 'eventstoredb' && config.databaseUrl)).toBe(true);
    const notifiers = ours.filter(([, service]) => isNotifier(service));
    expect(notifiers).toHaveLength(1);
    expect(() => loadNotifierConfig(notifiers[0][1].environment)).not.toThrow();
  });

  it('offers a three-node EventStoreDB cluster under the profile cluster, each node seeding its gossip with the other two', () => {
    const nodes = Object.entries(services).filter(([, service]) => service.profiles?.includes('cluster'));
    const names = nodes.map(([name]) => name);

    expect(names).toEqual(['eventstore-1', 'eventstore-2', 'eventstore-3']);
    for (const [name, { environment = {} }] of nodes) {
      expect(environment.EVENTSTORE_CLUSTER_SIZE).toBe('3');
      expect(environment.EVENTSTORE_NODE_HOST_ADVERTISE_AS).toBe(name);
      const seeds = environment.EVENTSTORE_GOSSIP_SEED.split(',').map((seed) => seed.replace(/:2113$/, ''));
      expect(seeds.sort()).toEqual(names.filter((other) => other !== name));
    }
  });

  it('points the roles at the cluster with the connection string its header gives', () => {
    const url = /EVENT_STORE_URL='([^']+)'/.exec(read('docker-compose.yml'))?.[1];
    const [, api] = ours.find(([name]) => name === 'api')!;

    const config = loadServiceConfig({ ...api.environment, EVENT_STORE_URL: url });

    expect(config.eventStore).toEqual({ kind: 'eventstoredb', url });
    expect(url).toContain('eventstore-1:2113,eventstore-2:2113,eventstore-3:2113');
  });

  it('sets only variables the README documents', () => {
    const readme = read('README.md');
    const variables = ours.flatMap(([, service]) => Object.keys(service.environment ?? {}));
    for (const variable of new Set(variables)) expect(readme).toContain(`| \`${variable}\` |`);
  });
});
