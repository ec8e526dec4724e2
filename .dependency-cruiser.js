/** Specs of every kind: unit, end-to-end and outage. */
const SPEC = '\\.(spec|e2e-spec|outage-spec)\\.ts$';

/** Rooms of an app that its use cases share; any other folder is a use case or a role of its own. */
const SHARED_ROOMS = [
  'caller',
  'http',
  'write',
  'streams',
  'observability',
  'config',
  'stores',
  'testing',
  'kafka',
  'notification-store',
];

/** Dependencies point inward: apps -> libs; the domain imports no other lib nor any framework. */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'apps-do-not-import-apps',
      comment: 'What two apps share lives in a lib.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'domain-is-pure',
      comment: 'The decider imports no other lib and nothing of Nest, SQL or Kafka.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: {
        path: ['^libs/(?!domain/)', 'node_modules/(@nestjs|better-sqlite3|pg|kafkajs|@eventstore|fastify)'],
      },
    },
    {
      name: 'event-store-knows-no-domain',
      comment:
        'The event store stores any stream; it knows nothing of support cases. Its SQLite file is private; its PostgreSQL tables are created as the other stores create theirs.',
      severity: 'error',
      from: { path: '^libs/event-store/' },
      to: { path: '^libs/(?!(event-store|private-files|postgres)/)' },
    },
    {
      name: 'auth-stands-alone',
      severity: 'error',
      from: { path: '^libs/auth/' },
      to: { path: '^libs/(?!(auth|private-files)/)' },
    },
    {
      name: 'read-model-depends-on-ports',
      comment: 'The read model folds with the domain, reads the event store port, and keeps documents sealed.',
      severity: 'error',
      from: { path: '^libs/read-model/' },
      to: { path: '^libs/(?!(read-model|domain|event-store|postgres|personal-data)/)' },
    },
    {
      name: 'contracts-import-nothing',
      comment: 'The public Kafka contract stands alone, so any consumer can take it; its schemas need only TypeBox.',
      severity: 'error',
      from: { path: '^libs/contracts/', pathNot: SPEC },
      to: { path: '^libs/(?!contracts/)|node_modules/(?!@sinclair/typebox/)' },
    },
    {
      name: 'postgres-stands-alone',
      severity: 'error',
      from: { path: '^libs/postgres/' },
      to: { path: '^libs/(?!postgres/)' },
    },
    {
      name: 'config-stands-alone',
      severity: 'error',
      from: { path: '^libs/config/' },
      to: { path: '^libs/(?!config/)' },
    },
    {
      name: 'observability-stands-alone',
      comment: 'Logs, health and metrics any app serves; each app adds its own probes and metrics.',
      severity: 'error',
      from: { path: '^libs/observability/' },
      to: { path: '^libs/(?!observability/)' },
    },
    {
      name: 'backoff-stands-alone',
      comment: 'The retry loop both apps use while a broker or database is away.',
      severity: 'error',
      from: { path: '^libs/backoff/' },
      to: { path: '^libs/(?!backoff/)' },
    },
    {
      name: 'kafka-relay-depends-on-ports-and-contract',
      severity: 'error',
      from: { path: '^libs/kafka-relay/' },
      to: { path: '^libs/(?!(kafka-relay|contracts|domain|event-store|backoff)/)' },
    },
    {
      name: 'audit-log-knows-only-the-event-store',
      comment: 'The Merkle log, its signed heads and their stores prove any log of hashes; no support case in sight.',
      severity: 'error',
      from: { path: '^libs/audit-log/' },
      to: { path: '^libs/(?!(audit-log|event-store|postgres|private-files)/)' },
    },
    {
      name: 'personal-data-knows-only-the-event-store',
      comment: 'Sealing personal values under per-subject keys works for any stream; it names no field of its own.',
      severity: 'error',
      from: { path: '^libs/personal-data/' },
      to: { path: '^libs/(?!(personal-data|event-store|postgres|private-files)/)' },
    },
    {
      name: 'private-files-stand-alone',
      comment: 'Creating a secret file once, readable by its owner only: for any lib that keeps a key in DATA_DIR.',
      severity: 'error',
      from: { path: '^libs/private-files/' },
      to: { path: '^libs/(?!private-files/)' },
    },
    {
      name: 'http-knows-no-domain',
      comment: 'Problems, pipes and parsers any app uses; each app maps its own errors to problems.',
      severity: 'error',
      from: { path: '^libs/http/' },
      to: { path: '^libs/(?!http/)' },
    },
    {
      name: 'testing-code-only-in-tests',
      comment: 'Builders, doubles and contract suites exist for tests: production code never reaches them.',
      severity: 'error',
      from: { pathNot: [SPEC, '/testing/', '\\.contract\\.ts$', '^test/'] },
      to: { path: ['/testing/', '\\.contract\\.ts$'] },
    },
    {
      name: 'use-cases-stand-apart',
      comment:
        'A use-case folder imports only itself and the shared rooms, so each use case can be read, changed or removed alone.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/src/([^/]+)/' },
      to: { path: '^apps/$1/src/[^/]+/', pathNot: `^apps/$1/src/($2|${SHARED_ROOMS.join('|')})/` },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '^dist/' },
  },
};
