import { synthesizeHttp3Gateway } from '../../lib/core/http3-gateway';
import { synthesizeMixedProtocolLoadBalancer } from '../../lib/core/mixed-protocol-load-balancer';
import {
  FindingStatus,
  finding,
  formatReport,
  mergeReport,
  note,
  NoteSeverity,
  type Http3Report,
  type ReportContribution,
} from '../../lib/core/report';
import { ManifestCollector } from '../helpers/schemas';

const collector = new ManifestCollector();

const UNDECIDED = { status: FindingStatus.NOT_APPLICABLE, detail: 'not decided by this construct' };
const { YES, NO, PARTIAL, NOT_APPLICABLE } = FindingStatus;

describe('mergeReport', () => {
  test('nothing merged: every finding undecided, no notes', () => {
    expect(mergeReport()).toStrictEqual({
      quicTerminatedBy: 'not decided by this construct',
      clientIp: UNDECIDED,
      connectionMigration: UNDECIDED,
      udpHealthCheck: UNDECIDED,
      tcpFallback: UNDECIDED,
      discovery: UNDECIDED,
      notes: [],
    });
  });

  test.each<[string, ReadonlyArray<ReportContribution | undefined>, Partial<Http3Report>]>([
    ['one contribution', [{ clientIp: finding(YES, 'a') }], { clientIp: finding(YES, 'a') }],
    ['a later contribution wins, field by field', [{ clientIp: finding(YES, 'a'), discovery: finding(NO, 'd') }, { clientIp: finding(NO, 'b') }], {
      clientIp: finding(NO, 'b'),
      discovery: finding(NO, 'd'),
    }],
    ['undefined contributions are skipped', [undefined, { tcpFallback: finding(YES, 't') }, undefined], { tcpFallback: finding(YES, 't') }],
    ['a field set to undefined does not erase', [{ udpHealthCheck: finding(PARTIAL, 'u') }, { udpHealthCheck: undefined }], {
      udpHealthCheck: finding(PARTIAL, 'u'),
    }],
    ['quicTerminatedBy: the later one wins', [{ quicTerminatedBy: 'envoy' }, { quicTerminatedBy: 'nobody' }], { quicTerminatedBy: 'nobody' }],
    ['an explicit n/a finding with its own detail is decided', [{ clientIp: finding(YES, 'a') }, { clientIp: finding(NOT_APPLICABLE, 'no UDP') }], {
      clientIp: finding(NOT_APPLICABLE, 'no UDP'),
    }],
  ])('%s', (_label, contributions, expected) => {
    expect(mergeReport(...contributions)).toStrictEqual({ ...mergeReport(), ...expected });
  });

  test('merged reports: undecided findings do not override decided ones', () => {
    const decided = mergeReport({ quicTerminatedBy: 'envoy', clientIp: finding(YES, 'kept'), discovery: finding(YES, 'alt-svc') });
    const other = mergeReport({ discovery: finding(NO, 'withdrawn') });
    expect(mergeReport(decided, other)).toStrictEqual({
      ...mergeReport(),
      quicTerminatedBy: 'envoy',
      clientIp: finding(YES, 'kept'),
      discovery: finding(NO, 'withdrawn'),
    });
  });

  test('a copied report (JSON round trip) does not override with its undecided findings either', () => {
    const decided = mergeReport({ clientIp: finding(YES, 'kept') });
    const copy = JSON.parse(JSON.stringify(mergeReport({ discovery: finding(YES, 'd') }))) as Http3Report;
    expect(mergeReport(decided, copy)).toStrictEqual({ ...mergeReport(), clientIp: finding(YES, 'kept'), discovery: finding(YES, 'd') });
  });

  test('notes: concatenated in order, de-duplicated by topic and message', () => {
    const a = note(NoteSeverity.WARNING, 'a', 'first');
    const b = note(NoteSeverity.INFO, 'b', 'second');
    const a2 = note(NoteSeverity.WARNING, 'a', 'other message, same topic');
    const merged = mergeReport({ notes: [a, b] }, { notes: [{ ...a }, a2] }, { notes: [b] });
    expect(merged.notes).toStrictEqual([a, b, a2]);
  });

  test('the result is a fresh object: the contributions are not changed', () => {
    const notes = [note(NoteSeverity.INFO, 'x', 'y')];
    const contribution = { notes };
    mergeReport(contribution, { notes: [note(NoteSeverity.INFO, 'z', 'w')] });
    expect(contribution.notes).toHaveLength(1);
  });
});

describe('formatReport', () => {
  const report: Http3Report = {
    quicTerminatedBy: 'the proxy pods',
    clientIp: finding(YES, 'kept'),
    connectionMigration: finding(NO, 'breaks'),
    udpHealthCheck: finding(PARTIAL, 'tcp only'),
    tcpFallback: finding(YES, 'same port'),
    discovery: finding(NOT_APPLICABLE, 'none'),
    notes: [note(NoteSeverity.WARNING, 'apply-server-side', 'use SSA'), note(NoteSeverity.INFO, 'x', 'y')],
  };

  test('the table, then the notes', () => {
    expect(formatReport(report)).toBe(
      [
        'aspect               | status  | detail',
        '---------------------+---------+-------',
        'QUIC terminated by   |         | the proxy pods',
        'client IP preserved  | yes     | kept',
        'connection migration | no      | breaks',
        'UDP health check     | partial | tcp only',
        'TCP fallback         | yes     | same port',
        'discovery            | n/a     | none',
        '',
        'notes:',
        '- [warning] apply-server-side: use SSA',
        '- [info] x: y',
      ].join('\n'),
    );
  });

  test('no notes section without notes; the status column is at least 6 wide', () => {
    const noPartial: Http3Report = { ...report, udpHealthCheck: finding(NO, 'none'), notes: [] };
    expect(formatReport(noPartial)).toBe(
      [
        'aspect               | status | detail',
        '---------------------+--------+-------',
        'QUIC terminated by   |        | the proxy pods',
        'client IP preserved  | yes    | kept',
        'connection migration | no     | breaks',
        'UDP health check     | no     | none',
        'TCP fallback         | yes    | same port',
        'discovery            | n/a    | none',
      ].join('\n'),
    );
  });

  test('a real report: every finding on its row, every note listed', () => {
    const result = synthesizeHttp3Gateway({
      name: 'shop',
      hostnames: ['shop.example.org'],
      backend: { service: 'shop', port: 8080 },
      gateway: 'envoy-gateway',
      provider: { name: 'metallb', address: '192.0.2.10' },
      tls: { secretName: 'shop-cert' },
    });
    collector.add(result.resources.map((r) => r.manifest));
    const lines = formatReport(result.report).split('\n');
    // no finding is "partial" here: the status column keeps its minimum width of 6
    expect(lines.slice(0, 3)).toEqual([
      'aspect               | status | detail',
      '---------------------+--------+-------',
      'QUIC terminated by   |        | the Envoy Gateway proxy pods (Envoy)',
    ]);
    expect(lines.slice(3, 8)).toEqual([
      `client IP preserved  | yes    | ${result.report.clientIp.detail}`,
      `connection migration | no     | ${result.report.connectionMigration.detail}`,
      `UDP health check     | n/a    | ${result.report.udpHealthCheck.detail}`,
      `TCP fallback         | yes    | ${result.report.tcpFallback.detail}`,
      `discovery            | yes    | ${result.report.discovery.detail}`,
    ]);
    expect(lines.slice(lines.indexOf('notes:') + 1)).toEqual(result.report.notes.map((n) => `- [${n.severity}] ${n.topic}: ${n.message}`));
    expect(result.report.notes.map((n) => n.topic)).toEqual(['envoy-gateway-service', 'tls-existing-secret', 'https-record-upgrades-http']);
  });

  test('the report of a load balancer alone leaves QUIC termination and discovery undecided', () => {
    const result = synthesizeMixedProtocolLoadBalancer({ name: 'edge', selector: { app: 'edge' }, provider: 'kind' });
    collector.add(result.resources.map((r) => r.manifest));
    const lines = formatReport(result.report).split('\n');
    expect(lines[2]).toBe('QUIC terminated by   |         | not decided by this construct');
    expect(lines[7]).toBe('discovery            | n/a     | not decided by this construct');
  });
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});
