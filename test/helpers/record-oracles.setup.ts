/**
 * Every HTTPS record the test-suite produces goes through two third-party implementations: BIND's
 * named-checkzone (the zone line) and dnspython (the RDATA, compared byte for byte with kube-http3's wire
 * encoding). This setup file (jest setupFilesAfterEnv) records each zone line kube-http3 formats during a test
 * file (whether through formatHttpsRecord or the constructs' formatValidatedRecord) and checks them all once the
 * file's tests are done; a record an oracle refuses fails the file.
 *
 * The codec's own test file is left out: it checks its records against the oracles itself, including the keys
 * (dohpath, ohttp) these oracle versions only know by number.
 */
import * as codec from '../../lib/core/https-record-codec';
import { containsPlaceholder } from '../../lib/core/placeholders';
import { dnspythonBatch, namedCheckzone, oracleAvailable, requireOracle } from './dns-oracles';

const produced = new Set<string>();
const format = codec.formatHttpsRecord;
jest.spyOn(codec, 'formatHttpsRecord').mockImplementation((...args: Parameters<typeof format>) => {
  const line = format(...args);
  if (!containsPlaceholder(line) && args[3] !== 'SVCB') produced.add(line);
  return line;
});
// the records of HttpsDnsRecord and Http3Gateway (validated once, then formatted without validating again)
const formatValidated = codec.formatValidatedRecord;
jest.spyOn(codec, 'formatValidatedRecord').mockImplementation((...args: Parameters<typeof formatValidated>) => {
  const line = formatValidated(...args);
  if (!containsPlaceholder(line)) produced.add(line);
  return line;
});

/** the zone a record is checked in: its owner's last two labels */
function apex(line: string): string {
  return `${line.split(' ')[0].replace(/\.$/, '').split('.').slice(-2).join('.')}.`;
}

afterAll(() => {
  const testPath = expect.getState().testPath ?? '';
  if (produced.size === 0 || testPath.includes('https-record-codec')) return;
  const missing = (['named-checkzone', 'dnspython'] as const).filter((o) => !oracleAvailable(o));
  if (missing.length > 0 && !process.env.CI) {
    console.warn(`${produced.size} HTTPS records produced here were not checked by ${missing.join(' and ')} (not installed)`);
    return;
  }
  requireOracle('named-checkzone');
  requireOracle('dnspython');
  const lines = [...produced];
  if (process.env.KUBE_HTTP3_ORACLE_DEBUG) console.log(`oracles: ${lines.length} records from ${testPath}`);
  const byZone = new Map<string, string[]>();
  for (const line of lines) byZone.set(apex(line), [...(byZone.get(apex(line)) ?? []), line]);
  for (const [zone, zoneLines] of byZone) {
    const result = namedCheckzone(zone, zoneLines);
    if (!result.ok) throw new Error(`named-checkzone refused records produced by ${testPath}:\n${zoneLines.join('\n')}\n${result.output}`);
  }
  const rdatas = lines.map((line) => line.split(' ').slice(4).join(' '));
  const results = dnspythonBatch(rdatas);
  results.forEach((result, i) => {
    const ours = Buffer.from(codec.encodeHttpsRdata(codec.parseHttpsRdata(rdatas[i]))).toString('hex');
    if (!result.ok) throw new Error(`dnspython refused ${JSON.stringify(lines[i])} (${testPath}): ${result.error}`);
    if (result.hex !== ours) throw new Error(`dnspython encodes ${JSON.stringify(lines[i])} as ${result.hex}, kube-http3 as ${ours}`);
  });
});
