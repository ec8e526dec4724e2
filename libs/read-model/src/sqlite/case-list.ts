import type { Statement } from 'better-sqlite3';
import type { ListQuery } from '../read-model.port';
import { CASE_KEY_COLUMNS, type CaseKeys } from './case-rows';
import { SUPPORT_CASES_TABLE, type Db } from './read-model-database';

const CONDITIONS = {
  customer: 'customer = @customer',
  visibleToReseller: '(owner = @visibleToReseller OR customer = @visibleToReseller)',
  solved: 'solved = @solved',
} as const;
type Filter = keyof typeof CONDITIONS;
type FilterParams = Partial<Record<Filter, string | number>>;

const FILTERS = Object.keys(CONDITIONS) as Filter[];
/** Every subset of FILTERS, each in FILTERS' order. */
const FILTER_COMBINATIONS: Filter[][] = FILTERS.reduce<Filter[][]>(
  (subsets, filter) => [...subsets, ...subsets.map((subset) => [...subset, filter])],
  [[]],
);

export interface PageOfKeys {
  readonly total: number;
  readonly rows: CaseKeys[];
}

interface ListStatements {
  readonly page: Statement<[FilterParams & { offset: number; limit: number }], CaseKeys>;
  readonly count: Statement<[FilterParams], { total: number }>;
}

/** The list query, with statements for each combination of filters so each can use its index. */
export class CaseList {
  private readonly statements = new Map<string, ListStatements>();
  private readonly inOneSnapshot;

  constructor(db: Db) {
    for (const filters of FILTER_COMBINATIONS) this.statements.set(filters.join(), prepareList(db, filters));
    this.inOneSnapshot = db.transaction((query: ListQuery) => this.read(query));
  }

  /** A page of rows without their documents, and the total of every match. */
  list(query: ListQuery): PageOfKeys {
    return this.inOneSnapshot(query);
  }

  private read(query: ListQuery): PageOfKeys {
    const used = FILTERS.filter((filter) => query[filter] !== undefined);
    const params: FilterParams = Object.fromEntries(used.map((filter) => [filter, sqliteValue(query[filter]!)]));
    const { page, count } = this.statements.get(used.join())!;
    const rows = page.all({ ...params, offset: query.offset, limit: query.limit });
    return { total: count.get(params)!.total, rows };
  }
}

/** SQLite keeps a boolean as 0 or 1. */
function sqliteValue(value: string | boolean): string | number {
  return typeof value === 'boolean' ? Number(value) : value;
}

function prepareList(db: Db, filters: readonly Filter[]): ListStatements {
  const where = filters.length === 0 ? '' : `WHERE ${filters.map((filter) => CONDITIONS[filter]).join(' AND ')}`;
  return {
    page: db.prepare(
      `SELECT ${CASE_KEY_COLUMNS} FROM ${SUPPORT_CASES_TABLE} ${where} ORDER BY date DESC, id LIMIT @limit OFFSET @offset`,
    ),
    count: db.prepare(`SELECT COUNT(*) AS total FROM ${SUPPORT_CASES_TABLE} ${where}`),
  };
}
