/**
 * The report: what a configuration preserves and what it does not, as typed data and as a printable table.
 *
 * Every construct exposes one. Findings come from the provider (how the load balancer treats UDP), the
 * gateway implementation (who terminates QUIC, what it advertises) and the discovery and TLS choices.
 */

/** whether a property holds */
export enum FindingStatus {
  /** holds */
  YES = 'yes',
  /** does not hold */
  NO = 'no',
  /** holds only in some cases, which the detail names */
  PARTIAL = 'partial',
  /** does not apply to this configuration */
  NOT_APPLICABLE = 'n/a',
}

/** one property of the configuration */
export interface ReportFinding {
  readonly status: FindingStatus;
  /** why, with what to do about it where something can be done */
  readonly detail: string;
}

/** how much a note matters */
export enum NoteSeverity {
  /** worth knowing */
  INFO = 'info',
  /** something that will bite unless acted on */
  WARNING = 'warning',
}

/** a remark that is not one of the fixed findings */
export interface ReportNote {
  readonly severity: NoteSeverity;
  /** short kebab-case topic, stable for tests and filters, e.g. `apply-server-side` */
  readonly topic: string;
  readonly message: string;
}

/** what the configuration preserves and what it does not */
export interface Http3Report {
  /** who terminates QUIC (and TLS 1.3 on it) */
  readonly quicTerminatedBy: string;
  /** whether the QUIC terminator sees the client's source IP */
  readonly clientIp: ReportFinding;
  /** whether a QUIC connection survives the client's address changing (RFC 9000 §9) */
  readonly connectionMigration: ReportFinding;
  /** whether the load balancer's health checks cover the UDP path */
  readonly udpHealthCheck: ReportFinding;
  /** whether clients that cannot use UDP fall back to HTTPS over TCP on the same port */
  readonly tcpFallback: ReportFinding;
  /** how clients discover HTTP/3 (Alt-Svc, HTTPS record) and whether the advertisement is consistent */
  readonly discovery: ReportFinding;
  /** everything else worth knowing, in a stable order */
  readonly notes: readonly ReportNote[];
}

/** the findings a provider or gateway contributes; later contributions override earlier ones field by field */
export type ReportContribution = Partial<Omit<Http3Report, 'notes'>> & { readonly notes?: readonly ReportNote[] };

/** what a finding is until a contribution decides it (e.g. the data path, in the report of a DNS record alone) */
const UNDECIDED: ReportFinding = { status: FindingStatus.NOT_APPLICABLE, detail: 'not decided by this construct' };
const UNDECIDED_TERMINATOR = 'not decided by this construct';

/**
 * Merge contributions into one report, in order: findings from later contributions win, notes are
 * concatenated and de-duplicated by topic and message. Reports can be merged too: their undecided findings
 * do not override decided ones.
 */
export function mergeReport(...contributions: ReadonlyArray<ReportContribution | undefined>): Http3Report {
  let merged: Http3Report = {
    quicTerminatedBy: UNDECIDED_TERMINATOR,
    clientIp: UNDECIDED,
    connectionMigration: UNDECIDED,
    udpHealthCheck: UNDECIDED,
    tcpFallback: UNDECIDED,
    discovery: UNDECIDED,
    notes: [],
  };
  for (const c of contributions) {
    if (!c) continue;
    const notes = [...merged.notes];
    for (const note of c.notes ?? []) {
      if (!notes.some((n) => n.topic === note.topic && n.message === note.message)) notes.push(note);
    }
    merged = { ...merged, ...withoutUndefined(c), notes };
  }
  return merged;
}

function withoutUndefined(c: ReportContribution): Partial<Http3Report> {
  return Object.fromEntries(
    Object.entries(c).filter(
      ([key, value]) => value !== undefined && !isUndecided(value) && value !== UNDECIDED_TERMINATOR && key !== 'notes',
    ),
  );
}

/** true for the undecided finding, also when it is a copy (a report that went through JSON or structuredClone) */
function isUndecided(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const f = value as Partial<ReportFinding>;
  return f.status === UNDECIDED.status && f.detail === UNDECIDED.detail;
}

/** a note */
export function note(severity: NoteSeverity, topic: string, message: string): ReportNote {
  return { severity, topic, message };
}

/** a finding */
export function finding(status: FindingStatus, detail: string): ReportFinding {
  return { status, detail };
}

/** render the report as a plain-text table (aspect | status | detail), then the notes, for logs and READMEs */
export function formatReport(report: Http3Report): string {
  const rows: Array<[string, string, string]> = [
    ['QUIC terminated by', '', report.quicTerminatedBy],
    ['client IP preserved', report.clientIp.status, report.clientIp.detail],
    ['connection migration', report.connectionMigration.status, report.connectionMigration.detail],
    ['UDP health check', report.udpHealthCheck.status, report.udpHealthCheck.detail],
    ['TCP fallback', report.tcpFallback.status, report.tcpFallback.detail],
    ['discovery', report.discovery.status, report.discovery.detail],
  ];
  const width0 = Math.max(...rows.map((r) => r[0].length));
  const width1 = Math.max(6, ...rows.map((r) => r[1].length));
  const lines = [
    `${'aspect'.padEnd(width0)} | ${'status'.padEnd(width1)} | detail`,
    `${'-'.repeat(width0)}-+-${'-'.repeat(width1)}-+-${'-'.repeat(6)}`,
    ...rows.map(([a, s, d]) => `${a.padEnd(width0)} | ${s.padEnd(width1)} | ${d}`),
  ];
  if (report.notes.length > 0) {
    lines.push('', 'notes:');
    for (const n of report.notes) lines.push(`- [${n.severity}] ${n.topic}: ${n.message}`);
  }
  return lines.join('\n');
}
