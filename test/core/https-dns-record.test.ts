import { renderArtifact } from '../../lib/core/artifacts';
import { Http3ConfigError } from '../../lib/core/errors';
import { synthesizeHttp3Gateway, type Http3GatewayOptions } from '../../lib/core/http3-gateway';
import { synthesizeHttpsDnsRecord, type HttpsDnsRecordOptions, type HttpsRecord } from '../../lib/core/https-dns-record';
import { encodeHttpsRdata, parseHttpsRdata } from '../../lib/core/https-record-codec';
import { FindingStatus, NoteSeverity } from '../../lib/core/report';
import { ArtifactTool } from '../../lib/core/types';
import { dnspythonBatch, namedCheckzone, oracleTest, requireOracle } from '../helpers/dns-oracles';
import { ManifestCollector } from '../helpers/schemas';

const collector = new ManifestCollector();
const produced: HttpsRecord[] = [];

function records(options: Partial<HttpsDnsRecordOptions>) {
  const result = synthesizeHttpsDnsRecord({ name: 'shop', hostnames: ['shop.example.org'], ...options });
  produced.push(...result.records);
  return result;
}

function gateway(options: Record<string, unknown>) {
  const result = synthesizeHttp3Gateway({
    name: 'shop',
    hostnames: ['shop.example.org'],
    backend: { service: 'shop', port: 8080 },
    gateway: 'envoy-gateway',
    tls: { certManager: { issuer: 'letsencrypt' } },
    ...options,
  } as Http3GatewayOptions);
  collector.add(result.resources.map((r) => r.manifest));
  produced.push(...result.httpsRecords);
  return result;
}

function errorOf(fn: () => unknown): Http3ConfigError {
  try {
    fn();
  } catch (e) {
    expect(Http3ConfigError.isHttp3ConfigError(e)).toBe(true);
    return e as Http3ConfigError;
  }
  throw new Error('expected a Http3ConfigError, nothing was thrown');
}

// RFC 9460 §2.2: SvcPriority (2 octets), TargetName (wire name), then key 1 (alpn), length 6, 02 "h3" 02 "h2"
const ROOT_H3_H2 = '0001' + '00' + '0001' + '0006' + '026833026832';
const SHOP_H3_H2 = '0001' + '0473686f70076578616d706c65036f726700' + '0001' + '0006' + '026833026832';

// discovery.md B.9 (record shapes), B.7 (canonical presentation: unquoted, sorted by key number), B.5/RFC 9460 §9.1
// (port-prefixed owner for other ports); the TargetName of a port-prefixed record is the host, since "." would mean the
// port-prefixed name itself, which has no addresses (RFC 9460 §2.5.2)
describe('owner and TargetName', () => {
  test.each<[string, Partial<HttpsDnsRecordOptions>, Array<Omit<HttpsRecord, 'rdata'>>]>([
    [
      'port 443: the host itself, TargetName "."',
      {},
      [
        {
          owner: 'shop.example.org.',
          hostname: 'shop.example.org',
          ttlSeconds: 300,
          rdataText: '1 . alpn=h3,h2',
          text: 'shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2',
          wireHex: ROOT_H3_H2,
        },
      ],
    ],
    [
      'port 8443: _8443._https.<host>, TargetName <host>.',
      { port: 8443 },
      [
        {
          owner: '_8443._https.shop.example.org.',
          hostname: 'shop.example.org',
          ttlSeconds: 300,
          rdataText: '1 shop.example.org. alpn=h3,h2',
          text: '_8443._https.shop.example.org. 300 IN HTTPS 1 shop.example.org. alpn=h3,h2',
          wireHex: SHOP_H3_H2,
        },
      ],
    ],
    [
      'port 444 (below 1024) is port-prefixed too',
      { port: 444 },
      [
        {
          owner: '_444._https.shop.example.org.',
          hostname: 'shop.example.org',
          ttlSeconds: 300,
          rdataText: '1 shop.example.org. alpn=h3,h2',
          text: '_444._https.shop.example.org. 300 IN HTTPS 1 shop.example.org. alpn=h3,h2',
          wireHex: SHOP_H3_H2,
        },
      ],
    ],
    [
      'several hostnames and a wildcard, one record each, in order',
      { hostnames: ['shop.example.org', 'www.example.org', '*.example.org'] },
      [
        {
          owner: 'shop.example.org.',
          hostname: 'shop.example.org',
          ttlSeconds: 300,
          rdataText: '1 . alpn=h3,h2',
          text: 'shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2',
          wireHex: ROOT_H3_H2,
        },
        {
          owner: 'www.example.org.',
          hostname: 'www.example.org',
          ttlSeconds: 300,
          rdataText: '1 . alpn=h3,h2',
          text: 'www.example.org. 300 IN HTTPS 1 . alpn=h3,h2',
          wireHex: ROOT_H3_H2,
        },
        {
          owner: '*.example.org.',
          hostname: '*.example.org',
          ttlSeconds: 300,
          rdataText: '1 . alpn=h3,h2',
          text: '*.example.org. 300 IN HTTPS 1 . alpn=h3,h2',
          wireHex: ROOT_H3_H2,
        },
      ],
    ],
  ])('%s', (_label, options, expected) => {
    const result = records(options);
    expect(result.records.map(({ rdata: _rdata, ...rest }) => rest)).toStrictEqual(expected);
    expect(result.zoneFragment).toBe(expected.map((r) => `${r.text}\n`).join(''));
  });

  test('the wire form of the default record (RFC 9460 §2.2: priority 1, root target, alpn key 1)', () => {
    // 0001 | 00 | 0001 0006 | 02 "h3" 02 "h2"
    expect(records({}).records[0].wireHex).toBe('00010000010006026833026832');
  });

  test('the rdata object', () => {
    expect(records({ port: 8443 }).records[0].rdata).toStrictEqual({ priority: 1, target: 'shop.example.org.', params: { alpn: ['h3', 'h2'] } });
  });
});

describe('record options', () => {
  test.each<[string, Partial<HttpsDnsRecordOptions>, string]>([
    ['ttl default 300', {}, 'shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2'],
    ['ttl 3600', { ttlSeconds: 3600 }, 'shop.example.org. 3600 IN HTTPS 1 . alpn=h3,h2'],
    ['alpn h3 only', { alpn: ['h3'] }, 'shop.example.org. 300 IN HTTPS 1 . alpn=h3'],
    ['alpn order kept', { alpn: ['h2', 'h3', 'http/1.1'] }, 'shop.example.org. 300 IN HTTPS 1 . alpn=h2,h3,http/1.1'],
    ['priority 2', { priority: 2 }, 'shop.example.org. 300 IN HTTPS 2 . alpn=h3,h2'],
    [
      'hints and ech, sorted by key number (alpn=1, ipv4hint=4, ech=5, ipv6hint=6)',
      { ipv6hint: ['2001:db8::1'], ech: 'AAMBAgM=', ipv4hint: ['192.0.2.1', '192.0.2.2'] },
      'shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2 ipv4hint=192.0.2.1,192.0.2.2 ech=AAMBAgM= ipv6hint=2001:db8::1',
    ],
  ])('%s', (_label, options, text) => {
    expect(records(options).records.map((r) => r.text)).toEqual([text]);
  });

  test('the zone artifact: file name, tool, header and content', () => {
    const result = records({ hostnames: ['shop.example.org', 'www.example.org'] });
    expect(result.artifacts).toHaveLength(1);
    const [artifact] = result.artifacts;
    expect(artifact).toStrictEqual({
      fileName: 'shop.https-records.zone',
      tool: ArtifactTool.ZONE_FILE,
      header: 'add these records to the zone of each hostname (BIND or CoreDNS zone file, or your DNS provider); check with named-checkzone',
      content: 'shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2\nwww.example.org. 300 IN HTTPS 1 . alpn=h3,h2\n',
    });
    expect(renderArtifact(artifact)).toBe(
      '; add these records to the zone of each hostname (BIND or CoreDNS zone file, or your DNS provider); check with named-checkzone\n' +
        'shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2\nwww.example.org. 300 IN HTTPS 1 . alpn=h3,h2\n',
    );
    expect(result.resources).toEqual([]);
  });

  test('report: discovery and the http->https upgrade note', () => {
    const { report } = records({ ttlSeconds: 600 });
    expect(report.discovery).toEqual({
      status: FindingStatus.YES,
      detail: 'the HTTPS record offers alpn=h3,h2 with a 600 s TTL: clients that read it can start with HTTP/3 on the first connection',
    });
    expect(report.notes).toEqual([
      {
        severity: NoteSeverity.INFO,
        topic: 'https-record-upgrades-http',
        message:
          'with an HTTPS record published, browsers treat http:// links to these hostnames as https:// (RFC 9460 §9.5): ' +
          'plain HTTP is no longer reachable from them',
      },
    ]);
  });

  test('an h2-only record does not advertise HTTP/3', () => {
    expect(records({ alpn: ['h2'] }).report.discovery).toEqual({
      status: FindingStatus.NO,
      detail: 'the HTTPS record offers alpn=h2 with a 300 s TTL',
    });
  });

  // discovery.md §0 TL;DR: omit ip hints when TargetName is "." (RFC 9460 §7.3)
  test.each<[string, Partial<HttpsDnsRecordOptions>]>([
    ['ipv4hint', { ipv4hint: ['192.0.2.1'] }],
    ['ipv6hint', { ipv6hint: ['2001:db8::1'] }],
  ])('%s gives a warning note', (_label, options) => {
    expect(records(options).report.notes.map((n) => [n.severity, n.topic])).toEqual([
      [NoteSeverity.INFO, 'https-record-upgrades-http'],
      [NoteSeverity.WARNING, 'https-record-hints'],
    ]);
  });

  test('another port is noted', () => {
    expect(records({ port: 8443 }).report.notes[1]).toEqual({
      severity: NoteSeverity.INFO,
      topic: 'https-record-port-prefix',
      message:
        'the origin port 8443 is not 443: the record sits at _8443._https.<host> with the host as TargetName (RFC 9460 §9.1); ' +
        'browsers gain little from it: Chrome uses only records whose TargetName is "." or the query name, ' +
        'and Firefox does not query port-prefixed names by default',
    });
  });

  test('a wildcard hostname on another port is refused', () => {
    const error = errorOf(() => records({ hostnames: ['shop.example.org', '*.example.org'], port: 8443 }));
    expect(error.prop).toBe('hostnames[1]');
    expect(error.message).toBe(
      'hostnames[1] "*.example.org" cannot be combined with port 8443: the HTTPS record for port 8443 sits at _8443._https.<host> ' +
        'and names the host as TargetName, which cannot be a wildcard; list the concrete hostnames instead',
    );
  });
});

describe('the dns prop of Http3Gateway', () => {
  test('default: one record per hostname, the zone artifact, discovery from both', () => {
    const result = gateway({ hostnames: ['shop.example.org', 'www.example.org'] });
    expect(result.httpsRecords.map((r) => r.text)).toEqual([
      'shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2',
      'www.example.org. 300 IN HTTPS 1 . alpn=h3,h2',
    ]);
    expect(result.artifacts.map((a) => a.fileName)).toEqual(['shop.https-records.zone']);
    expect(result.report.discovery.status).toBe(FindingStatus.YES);
  });

  test('the record follows the gateway port', () => {
    const result = gateway({ port: 8443, dns: { ttlSeconds: 60 } });
    expect(result.httpsRecords.map((r) => r.text)).toEqual(['_8443._https.shop.example.org. 60 IN HTTPS 1 shop.example.org. alpn=h3,h2']);
  });

  test('dns: false gives no record and no zone artifact', () => {
    const result = gateway({ dns: false });
    expect(result.httpsRecords).toEqual([]);
    expect(result.artifacts).toEqual([]);
    expect(result.report.discovery.detail).toMatch(/; no HTTPS record \(dns: false\): the first connection always goes over TCP$/);
    expect(result.report.notes.map((n) => n.topic)).not.toContain('https-record-upgrades-http');
  });

  test('a wildcard on another port says dns: false is a way out', () => {
    const error = errorOf(() => gateway({ hostnames: ['*.example.org'], port: 8443 }));
    expect(error.prop).toBe('hostnames[0]');
    expect(error.message).toBe(
      'hostnames[0] "*.example.org" cannot be combined with port 8443: the HTTPS record for port 8443 sits at _8443._https.<host> ' +
        'and names the host as TargetName, which cannot be a wildcard; list the concrete hostnames instead, or set dns: false',
    );
  });

  test('a record too large to encode names the dns prop and the hostname (RFC 9460 RDATA is at most 65535 octets)', () => {
    const list = Buffer.alloc(65502, 1);
    list.writeUInt16BE(65500, 0);
    const error = errorOf(() => gateway({ dns: { ech: list.toString('base64'), ipv6hint: ['2001:db8::1', '2001:db8::2'] } }));
    expect(error.prop).toBe('dns');
    expect(error.message).toBe(
      'dns: the HTTPS record of shop.example.org must encode to at most 65535 octets of RDATA, got 65555 octets; publish fewer or shorter SvcParams',
    );
  });

  test('a wildcard on another port works without the record', () => {
    const result = gateway({ hostnames: ['*.example.org'], port: 8443, dns: false });
    expect(result.altSvcValue).toBe('h3=":8443"; ma=86400');
  });
});

// discovery.md B.6 ("checked against BIND named-checkzone and dnspython"), B.7 ("compare semantically (parse -> wire
// bytes), never by string")
describe('third-party oracles', () => {
  oracleTest('named-checkzone')('named-checkzone loads every record and re-prints the same wire bytes', () => {
    requireOracle('named-checkzone');
    expect(produced.length).toBeGreaterThan(10);
    const addresses = ['shop.example.org. 300 IN A 192.0.2.10', 'www.example.org. 300 IN A 192.0.2.11'];
    const checked = namedCheckzone('example.org', [...produced.map((r) => r.text), ...addresses]);
    expect(checked.ok).toBe(true);
    const ours = new Set(produced.map((r) => `${r.owner} ${r.wireHex}`));
    const bind = new Set(
      checked.dump
        .filter((line) => line.split(' ')[3] === 'HTTPS')
        .map((line) => {
          const [owner, , , , ...rdata] = line.split(' ');
          return `${owner} ${Buffer.from(encodeHttpsRdata(parseHttpsRdata(rdata.join(' ')))).toString('hex')}`;
        }),
    );
    expect([...bind].sort()).toEqual([...ours].sort());
  });

  oracleTest('dnspython')('dnspython encodes every RDATA text to our wire bytes', () => {
    requireOracle('dnspython');
    const results = dnspythonBatch(produced.map((r) => r.rdataText));
    expect(results.map((r) => (r.ok ? r.hex : r.error))).toEqual(produced.map((r) => r.wireHex));
  });
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});
