import { writeFileSync } from 'node:fs';

export type CaseStatus = 'pass' | 'fail' | 'unsupported';

/** Counts of one op (or model) under one dtype. */
export interface ReportCounts {
  pass: number;
  fail: number;
  unsupported: number;
}

export interface ReportFailure {
  readonly group: string;
  readonly key: string;
  readonly dtype: string;
  readonly test: string;
  readonly detail: string;
}

/** The report as it is written to JSON. */
export interface ConformanceReportJson {
  readonly backend: string;
  readonly deviceType: string;
  readonly totals: ReportCounts;
  /** group -> op type (or model, or check) -> dtype -> counts. */
  readonly groups: Record<string, Record<string, Record<string, ReportCounts>>>;
  readonly failures: readonly ReportFailure[];
}

const zero = (): ReportCounts => ({ pass: 0, fail: 0, unsupported: 0 });

/**
 * What each test of one `describeConformance` call found, per group, op (or model, or
 * check) and dtype: pass, fail, or unsupported (the backend has no kernel for it).
 */
export class ConformanceReport {
  readonly #groups = new Map<string, Map<string, Map<string, ReportCounts>>>();
  readonly #failures: ReportFailure[] = [];

  constructor(
    readonly backend: string,
    readonly deviceType: string,
  ) {}

  record(
    group: string,
    key: string,
    dtype: string,
    status: CaseStatus,
    test: string,
    detail = '',
  ): void {
    let byKey = this.#groups.get(group);
    if (byKey === undefined) this.#groups.set(group, (byKey = new Map()));
    let byDType = byKey.get(key);
    if (byDType === undefined) byKey.set(key, (byDType = new Map()));
    let counts = byDType.get(dtype);
    if (counts === undefined) byDType.set(dtype, (counts = zero()));
    counts[status] += 1;
    if (status === 'fail') this.#failures.push({ group, key, dtype, test, detail });
  }

  get empty(): boolean {
    return this.#groups.size === 0;
  }

  toJSON(): ConformanceReportJson {
    const totals = zero();
    const groups: ConformanceReportJson['groups'] = {};
    for (const [group, byKey] of [...this.#groups].sort(([a], [b]) => a.localeCompare(b))) {
      const g: Record<string, Record<string, ReportCounts>> = (groups[group] = {});
      for (const [key, byDType] of [...byKey].sort(([a], [b]) => a.localeCompare(b))) {
        const k: Record<string, ReportCounts> = (g[key] = {});
        for (const [dtype, c] of [...byDType].sort(([a], [b]) => a.localeCompare(b))) {
          k[dtype] = { ...c };
          totals.pass += c.pass;
          totals.fail += c.fail;
          totals.unsupported += c.unsupported;
        }
      }
    }
    return {
      backend: this.backend,
      deviceType: this.deviceType,
      totals,
      groups,
      failures: [...this.#failures],
    };
  }

  /** One row per group and op (dtypes summed), then the totals: a plain-text table. */
  toTable(): string {
    const json = this.toJSON();
    const rows: string[][] = [['group', 'op / model / check', 'pass', 'fail', 'unsupp.', 'dtypes']];
    for (const [group, byKey] of Object.entries(json.groups)) {
      for (const [key, byDType] of Object.entries(byKey)) {
        const c = zero();
        const notes: string[] = [];
        for (const [dtype, d] of Object.entries(byDType)) {
          c.pass += d.pass;
          c.fail += d.fail;
          c.unsupported += d.unsupported;
          const flag = d.fail > 0 ? '!' : d.unsupported > 0 ? '?' : '';
          notes.push(`${dtype}${flag}`);
        }
        rows.push([group, key, `${c.pass}`, `${c.fail}`, `${c.unsupported}`, notes.join(' ')]);
      }
    }
    const t = json.totals;
    rows.push(['total', '', `${t.pass}`, `${t.fail}`, `${t.unsupported}`, '']);
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
    const line = (r: string[]) =>
      r
        .map((cell, i) => (i >= 2 && i <= 4 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd();
    return [
      `conformance report: ${this.backend} (${this.deviceType})  [dtype! = a failure, dtype? = unsupported]`,
      line(rows[0]!),
      ...rows.slice(1).map(line),
    ].join('\n');
  }

  write(path: string): void {
    writeFileSync(path, `${JSON.stringify(this.toJSON(), null, 1)}\n`);
  }
}
