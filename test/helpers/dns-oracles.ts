/**
 * Third-party DNS oracles for the HTTPS/SVCB codec tests: BIND's `named-checkzone` (Debian bind9-utils) and
 * dnspython (Debian python3-dnspython, run with the system /usr/bin/python3, not a pyenv `python3`).
 *
 * A missing oracle is never a silent pass: under CI (`process.env.CI` set) the oracle tests fail with the
 * Debian package to install; on a developer machine they are skipped with a console.warn naming the package.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** the oracles these helpers drive */
export type OracleName = 'named-checkzone' | 'dnspython';

/** Debian package that provides each oracle */
export const ORACLE_PACKAGES: Readonly<Record<OracleName, string>> = {
  'named-checkzone': 'bind9-utils',
  dnspython: 'python3-dnspython',
};

/** the python that has dnspython: Debian's system python unless KUBE_HTTP3_DNSPYTHON_PYTHON says otherwise */
const PYTHON = process.env.KUBE_HTTP3_DNSPYTHON_PYTHON ?? '/usr/bin/python3';
const CHECKZONE_CANDIDATES = ['named-checkzone', '/usr/bin/named-checkzone', '/usr/sbin/named-checkzone'];

let checkzonePath: string | null | undefined;
let dnspythonOk: boolean | undefined;

function findCheckzone(): string | null {
  if (checkzonePath === undefined) {
    checkzonePath = CHECKZONE_CANDIDATES.find((cmd) => spawnSync(cmd, ['-v'], { encoding: 'utf8' }).status === 0) ?? null;
  }
  return checkzonePath;
}

/** True when BIND's `named-checkzone` can be run. */
export function namedCheckzoneAvailable(): boolean {
  return findCheckzone() !== null;
}

/** True when the system python imports dnspython (with the HTTPS rdata type). */
export function dnspythonAvailable(): boolean {
  if (dnspythonOk === undefined) {
    const run = spawnSync(PYTHON, ['-c', 'import dns.rdata, dns.rdtypes.IN.HTTPS'], { encoding: 'utf8' });
    dnspythonOk = run.status === 0;
  }
  return dnspythonOk;
}

/** True when the named oracle can be run. */
export function oracleAvailable(name: OracleName): boolean {
  return name === 'named-checkzone' ? namedCheckzoneAvailable() : dnspythonAvailable();
}

function missingMessage(name: OracleName): string {
  const pkg = ORACLE_PACKAGES[name];
  const where = name === 'dnspython' ? ` for ${PYTHON}` : '';
  return process.env.CI
    ? `oracle ${name} is required under CI (CI is set) but missing: install the Debian package ${pkg}${where} (apt-get install -y ${pkg})`
    : `oracle ${name} is missing: install the Debian package ${pkg}${where} (apt-get install -y ${pkg}) to run the oracle tests`;
}

/**
 * Throw unless the oracle can be run; call it first in every oracle test.
 *
 * The error names the Debian package to install. Under CI this turns a missing oracle into a test failure.
 */
export function requireOracle(name: OracleName): void {
  if (!oracleAvailable(name)) throw new Error(missingMessage(name));
}

const warned = new Set<OracleName>();

/**
 * The jest `test` function to declare tests that need these oracles.
 *
 * Gives `test` when all are available, and under CI (the test then fails in {@link requireOracle}); on a
 * developer machine without one of them gives `test.skip` and warns once which package is missing.
 */
export function oracleTest(...names: OracleName[]): jest.It {
  const missing = names.filter((name) => !oracleAvailable(name));
  if (missing.length === 0 || process.env.CI) return test;
  for (const name of missing) {
    if (!warned.has(name)) console.warn(`${missingMessage(name)}; skipping the tests that need it`);
    warned.add(name);
  }
  return test.skip;
}

/** result of a named-checkzone run */
export interface CheckzoneResult {
  /** true when named-checkzone loaded the zone (exit status 0) */
  readonly ok: boolean;
  /** named-checkzone's stdout and stderr */
  readonly output: string;
  /** the zone's records as BIND re-prints them (`-D`), `owner ttl class type rdata`, whitespace collapsed */
  readonly dump: readonly string[];
}

/**
 * Check records with `named-checkzone` in a minimal zone ($ORIGIN/$TTL, SOA, NS and the NS's address).
 *
 * `recordLines` are zone-file lines (e.g. `a.example.com. 300 IN HTTPS 1 . alpn=h3`), owners inside `zoneName`.
 */
export function namedCheckzone(zoneName: string, recordLines: string[]): CheckzoneResult {
  const cmd = findCheckzone();
  if (cmd === null) throw new Error(missingMessage('named-checkzone'));
  const origin = zoneName.endsWith('.') ? zoneName : `${zoneName}.`;
  const dir = mkdtempSync(join(tmpdir(), 'kube-http3-zone-'));
  try {
    const file = join(dir, 'zone.db');
    const zone = [
      `$ORIGIN ${origin}`,
      '$TTL 300',
      `@ IN SOA ns1.${origin} hostmaster.${origin} 1 3600 600 86400 300`,
      `@ IN NS ns1.${origin}`,
      'ns1 IN A 192.0.2.53',
      ...recordLines,
      '',
    ].join('\n');
    writeFileSync(file, zone);
    const run = spawnSync(cmd, ['-D', '-o', '-', origin, file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const dump = (run.stdout ?? '')
      .split('\n')
      .map((line) => line.trim().replace(/\s+/g, ' '))
      .filter((line) => /^\S+ \d+ IN \S+ /.test(line));
    return { ok: run.status === 0, output: `${run.stdout ?? ''}${run.stderr ?? ''}`, dump };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** one record read by dnspython: wire hex and dnspython's own presentation, or its error */
export type DnspythonResult = { readonly ok: true; readonly hex: string; readonly text: string } | { readonly ok: false; readonly error: string };

const DNSPYTHON_SCRIPT = `
import json, sys
import dns.name, dns.rdata, dns.rdataclass, dns.rdatatype
out = []
for item in json.load(sys.stdin):
    try:
        rd = dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.from_text(item['type']), item['text'],
                                 origin=dns.name.root, relativize=False)
        out.append({'ok': True, 'hex': rd.to_wire().hex(), 'text': rd.to_text()})
    except Exception as e:
        out.append({'ok': False, 'error': type(e).__name__ + ': ' + str(e)})
json.dump(out, sys.stdout)
`;

/**
 * Read many RDATA texts with dnspython in one python process (speed matters: one start-up, not one per record).
 *
 * Each result holds `dns.rdata.from_text(IN, type, text, origin=dns.name.root, relativize=False).to_wire()`
 * as hex and dnspython's `to_text()`, or dnspython's error.
 */
export function dnspythonBatch(rdataTexts: readonly string[], type: 'HTTPS' | 'SVCB' = 'HTTPS'): DnspythonResult[] {
  requireOracle('dnspython');
  const input = JSON.stringify(rdataTexts.map((text) => ({ text, type })));
  const run = spawnSync(PYTHON, ['-c', DNSPYTHON_SCRIPT], { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`dnspython run failed (status ${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as DnspythonResult[];
}

/**
 * The hex of dnspython's wire form of one RDATA text; throws with dnspython's message when it refuses the text.
 */
export function dnspythonWire(rdataText: string, type: 'HTTPS' | 'SVCB' = 'HTTPS'): string {
  const [result] = dnspythonBatch([rdataText], type);
  if (!result.ok) throw new Error(`dnspython refused ${JSON.stringify(rdataText)}: ${result.error}`);
  return result.hex;
}
