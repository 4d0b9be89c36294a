/**
 * HttpsDnsRecord (Pulumi) under mocks: a component without Kubernetes children whose outputs are the RFC 9460
 * records as zone-file lines and RDATA, and the zone-file artifact. Hostnames and address hints as Inputs are
 * interpolated into the text, and validated again at deployment. The file ends with BIND's named-checkzone
 * loading the records (the records are DNS data, not manifests: nothing goes to the manifest validators).
 */
import * as pulumi from '@pulumi/pulumi';
import { Http3ConfigError } from 'kube-http3';
import { HttpsDnsRecord, type HttpsDnsRecordArgs } from 'kube-http3/pulumi';
import { namedCheckzone, oracleTest, requireOracle } from '../helpers/dns-oracles';
import {
  deploymentErrors,
  freshRegistrations,
  promiseOf,
  registered,
  settle,
  setupMocks,
  thrownBy,
  withoutSerializationContext, plainValueMessage } from '../helpers/pulumi';

const TYPE = 'kube-http3:index:HttpsDnsRecord';
const ZONE_HEADER = '; add these records to the zone of each hostname (BIND or CoreDNS zone file, or your DNS provider); '
  + 'check with named-checkzone\n';

/** every record line the tests produced, for the zone check at the end */
const zoneLines: string[] = [];

beforeAll(setupMocks);
beforeEach(freshRegistrations);

async function deploy(name: string, args: HttpsDnsRecordArgs): Promise<HttpsDnsRecord> {
  const record = new HttpsDnsRecord(name, args);
  await settle(record);
  expect(registered.map((r) => [r.type, r.name, r.custom])).toEqual([[TYPE, name, false]]);
  zoneLines.push(...(await promiseOf(record.records)));
  return record;
}

test('one record per hostname at the hostname itself, TargetName "." and alpn h3,h2', async () => {
  const record = await deploy('dns', { hostnames: ['app.example.com', 'www.example.com'] });
  expect(await promiseOf(record.urn)).toBe(`urn:pulumi:stack::project::${TYPE}::dns`);
  expect(await promiseOf(record.records)).toEqual(['app.example.com. 300 IN HTTPS 1 . alpn=h3,h2', 'www.example.com. 300 IN HTTPS 1 . alpn=h3,h2']);
  expect(await promiseOf(record.rdata)).toEqual(['1 . alpn=h3,h2', '1 . alpn=h3,h2']);
  expect(await promiseOf(record.artifacts)).toEqual({
    'dns.https-records.zone': `${ZONE_HEADER}app.example.com. 300 IN HTTPS 1 . alpn=h3,h2\nwww.example.com. 300 IN HTTPS 1 . alpn=h3,h2\n`,
  });
  expect(record.report.discovery).toEqual({
    status: 'yes',
    detail: 'the HTTPS record offers alpn=h3,h2 with a 300 s TTL: clients that read it can start with HTTP/3 on the first connection',
  });
  expect(record.report.notes.map((n) => n.topic)).toEqual(['https-record-upgrades-http']);
});

test('args.name prefixes the zone artifact; TTL, priority and ALPN are taken as given', async () => {
  const record = await deploy('dns', { name: 'shop', hostnames: ['shop.example.com'], ttlSeconds: 60, priority: 2, alpn: ['h2'] });
  expect(await promiseOf(record.records)).toEqual(['shop.example.com. 60 IN HTTPS 2 . alpn=h2']);
  expect(Object.keys(await promiseOf(record.artifacts))).toEqual(['shop.https-records.zone']);
  expect(record.report.discovery.status).toBe('no');
});

test('another port: the record sits at _<port>._https.<host> and names the host as TargetName', async () => {
  const record = await deploy('dns', { hostnames: ['app.example.com'], port: 8443 });
  expect(await promiseOf(record.records)).toEqual(['_8443._https.app.example.com. 300 IN HTTPS 1 app.example.com. alpn=h3,h2']);
  expect(await promiseOf(record.rdata)).toEqual(['1 app.example.com. alpn=h3,h2']);
  expect(record.report.notes.map((n) => n.topic)).toEqual(['https-record-upgrades-http', 'https-record-port-prefix']);
});

test('hostnames as Outputs are interpolated into the records, the RDATA and the zone artifact', async () => {
  const record = await deploy('dns', { hostnames: [pulumi.output('app.example.com'), Promise.resolve('api.example.com')] });
  expect(await promiseOf(record.records)).toEqual(['app.example.com. 300 IN HTTPS 1 . alpn=h3,h2', 'api.example.com. 300 IN HTTPS 1 . alpn=h3,h2']);
  expect(await promiseOf(record.rdata)).toEqual(['1 . alpn=h3,h2', '1 . alpn=h3,h2']);
  expect(await promiseOf(record.artifacts)).toEqual({
    'dns.https-records.zone': `${ZONE_HEADER}app.example.com. 300 IN HTTPS 1 . alpn=h3,h2\napi.example.com. 300 IN HTTPS 1 . alpn=h3,h2\n`,
  });
});

test('address hints as Outputs are interpolated, with the stale-hints warning', async () => {
  const record = await deploy('dns', {
    hostnames: ['app.example.com'],
    ipv4hint: [pulumi.output('192.0.2.1'), '192.0.2.2'],
    ipv6hint: [pulumi.output('2001:db8::1')],
  });
  expect(await promiseOf(record.records)).toEqual(['app.example.com. 300 IN HTTPS 1 . alpn=h3,h2 ipv4hint=192.0.2.1,192.0.2.2 ipv6hint=2001:db8::1']);
  expect(await promiseOf(record.rdata)).toEqual(['1 . alpn=h3,h2 ipv4hint=192.0.2.1,192.0.2.2 ipv6hint=2001:db8::1']);
  expect(record.report.notes.map((n) => n.topic)).toEqual(['https-record-upgrades-http', 'https-record-hints']);
});

// with a port other than 443 the TargetName is `<hostname>.`: built around an Input, it is checked when the Input resolves
test('an Output hostname on another port gives the port-prefixed record', async () => {
  const record = await deploy('dns', { hostnames: [pulumi.output('app.example.com')], port: 8443 });
  expect(await promiseOf(record.records)).toEqual(['_8443._https.app.example.com. 300 IN HTTPS 1 app.example.com. alpn=h3,h2']);
});

describe('deferred validation and construction errors', () => {
  test('an ipv4hint Output that resolves to an IPv6 address fails the deployment with the plain-value message', async () => {
    const plain = thrownBy(() => new HttpsDnsRecord('plain', { hostnames: ['app.example.com'], ipv4hint: ['2001:db8::1'] }));
    expect(plain.message).toBe('ipv4hint[0] must be an IPv4 address, got "2001:db8::1"');
    await freshRegistrations();
    const errors = await deploymentErrors(() => new HttpsDnsRecord('dns', {
      hostnames: ['app.example.com'],
      ipv4hint: [pulumi.output('2001:db8::1')],
    }));
    const unique = [...new Set(errors)] as Http3ConfigError[];
    expect(unique).toHaveLength(1);
    expect(Http3ConfigError.isHttp3ConfigError(unique[0])).toBe(true);
    expect({ prop: unique[0].prop, value: unique[0].value }).toEqual({ prop: 'ipv4hint[0]', value: '2001:db8::1' });
    expect(withoutSerializationContext(unique[0].message)).toBe(plain.message);
  });

  test('an Output hostname with a trailing dot fails the deployment with the plain-value message', async () => {
    const plain = thrownBy(() => new HttpsDnsRecord('plain', { hostnames: ['app.example.com.'] }));
    expect(plain.message).toBe(
      'hostnames[0] must be a lowercase DNS hostname such as "app.example.com" (optionally "*." first, no trailing dot, no IP address), got '
        + '"app.example.com."; write it as "app.example.com"',
    );
    await freshRegistrations();
    const errors = await deploymentErrors(() => new HttpsDnsRecord('dns', { hostnames: [pulumi.output('app.example.com.')] }));
    expect([...new Set(errors)].map((e) => withoutSerializationContext((e as Error).message))).toEqual([plain.message]);
  });

  test('the TTL given as an Output is refused at construction', () => {
    const error = thrownBy(() => new HttpsDnsRecord('dns', { hostnames: ['app.example.com'], ttlSeconds: pulumi.output(60) as unknown as number }));
    expect(Http3ConfigError.isHttp3ConfigError(error)).toBe(true);
    expect(error.message).toBe(plainValueMessage('ttlSeconds'));
  });

  test('AliasMode (priority 0) is refused', () => {
    expect(thrownBy(() => new HttpsDnsRecord('dns', { hostnames: ['app.example.com'], priority: 0 })).message).toBe(
      'priority must be an integer between 1 and 65535 (ServiceMode), got 0; priority 0 is AliasMode, which carries no alpn and which Chrome ignores',
    );
  });
});

oracleTest('named-checkzone')('named-checkzone loads every record these tests produced, Input-interpolated ones included', () => {
  requireOracle('named-checkzone');
  const lines = [...new Set(zoneLines)];
  expect(lines).toHaveLength(6);
  const result = namedCheckzone('example.com', lines);
  expect(result.output).not.toMatch(/error|not loaded/i);
  expect(result.ok).toBe(true);
  expect(result.dump.filter((line) => / IN HTTPS /.test(line))).toHaveLength(6);
});
