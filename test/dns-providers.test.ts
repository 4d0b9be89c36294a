/**
 * HTTPS records on real DNS providers (discovery.md C.1-C.6, E): the exact API payloads both frameworks write, the
 * Pulumi resources (type and args) created from the providers' packages, the refusals for DNS services that cannot
 * hold HTTPS records, and the address hints read from the load balancer at deployment.
 */
import * as pulumi from '@pulumi/pulumi';
import { Testing } from 'cdk8s';
import { renderArtifact } from '../lib/core/artifacts';
import { Http3ConfigError } from '../lib/core/errors';
import { synthesizeHttp3Gateway, type Http3GatewayOptions } from '../lib/core/http3-gateway';
import { synthesizeHttpsDnsRecord } from '../lib/core/https-dns-record';
import * as k8 from '../lib/cdk8s';
import * as pu from '../lib/pulumi';
import {
  drainRegistrations,
  freshRegistrations,
  promiseOf,
  registered,
  setExtraState,
  settle,
  setupMocks,
  thrownBy,
} from './helpers/pulumi';
import { ManifestCollector } from './helpers/schemas';

const collector = new ManifestCollector();

beforeAll(setupMocks);
beforeEach(freshRegistrations);
afterEach(() => setExtraState(undefined));

const BASE: Http3GatewayOptions = {
  name: 'shop',
  namespace: 'shop',
  hostnames: ['shop.example.org', 'www.shop.example.org'],
  backend: { service: 'shop', port: 8080 },
  gateway: 'istio',
  provider: { name: 'metallb', address: '192.0.2.10' },
  tls: { secretName: 'shop-tls' },
};

function errorOf(fn: () => unknown): Http3ConfigError {
  const e = thrownBy(fn);
  expect(Http3ConfigError.isHttp3ConfigError(e)).toBe(true);
  return e as Http3ConfigError;
}

describe('payloads (cdk8s and Pulumi users alike)', () => {
  test('cloudflare: the batch body for POST /zones/{zone_id}/dns_records/batch', () => {
    const out = synthesizeHttp3Gateway({ ...BASE, dns: { provider: { name: 'cloudflare', zoneId: 'zone-1' } } });
    const artifact = out.artifacts.find((a) => a.fileName === 'shop.cloudflare.json')!;
    expect(artifact.header).toBe('apply with: POST https://api.cloudflare.com/client/v4/zones/zone-1/dns_records/batch (this body)');
    expect(JSON.parse(renderArtifact(artifact))).toEqual({
      posts: [
        { type: 'HTTPS', name: 'shop.example.org', ttl: 300, data: { priority: 1, target: '.', value: 'alpn=h3,h2' }, comment: 'kube-http3 shop' },
        { type: 'HTTPS', name: 'www.shop.example.org', ttl: 300, data: { priority: 1, target: '.', value: 'alpn=h3,h2' }, comment: 'kube-http3 shop' },
      ],
    });
    expect(out.report.notes.map((n) => n.topic)).toContain('cloudflare-dns-only');
  });

  test('route53: a change batch whose values are the RDATA text', () => {
    const out = synthesizeHttp3Gateway({ ...BASE, dns: { ttlSeconds: 600, provider: { name: 'route53', zoneId: 'Z123' } } });
    const artifact = out.artifacts.find((a) => a.fileName === 'shop.route53.json')!;
    expect(artifact.header).toBe('apply with: aws route53 change-resource-record-sets --hosted-zone-id Z123 --change-batch file://<this file>');
    expect(JSON.parse(renderArtifact(artifact))).toEqual({
      Comment: 'kube-http3 shop: HTTPS records',
      Changes: [
        { Action: 'UPSERT', ResourceRecordSet: { Name: 'shop.example.org.', Type: 'HTTPS', TTL: 600, ResourceRecords: [{ Value: '1 . alpn=h3,h2' }] } },
        { Action: 'UPSERT', ResourceRecordSet: { Name: 'www.shop.example.org.', Type: 'HTTPS', TTL: 600, ResourceRecords: [{ Value: '1 . alpn=h3,h2' }] } },
      ],
    });
  });

  test('google-cloud-dns: gcloud commands with the alternate delimiter and no outer quotes in the rrdata', () => {
    const out = synthesizeHttp3Gateway({ ...BASE, port: 8443, provider: 'generic', dns: { provider: { name: 'google-cloud-dns', managedZone: 'shop-zone' } } });
    const artifact = out.artifacts.find((a) => a.fileName === 'shop.google-cloud-dns.sh')!;
    expect(renderArtifact(artifact)).toBe(
      '# apply with: sh <this file>; it runs gcloud dns record-sets create\n'
        + "gcloud dns record-sets create _8443._https.shop.example.org. --zone=shop-zone --type=HTTPS --ttl=300 --rrdatas='^;^1 shop.example.org. alpn=h3,h2'\n"
        + "gcloud dns record-sets create _8443._https.www.shop.example.org. --zone=shop-zone --type=HTTPS --ttl=300 --rrdatas='^;^1 www.shop.example.org. alpn=h3,h2'\n",
    );
  });

  test('cdk8s writes the payload next to the zone fragment', () => {
    const app = Testing.app();
    const chart = new (require('cdk8s').Chart)(app, 'edge');
    new k8.Http3Gateway(chart, 'shop', { ...BASE, dns: { provider: { name: 'route53', zoneId: 'Z123' } } });
    const written = k8.writeArtifacts(app).map((f) => f.slice(app.outdir.length + 1)).sort();
    expect(written).toEqual([
      'artifacts/edge/shop.https-records.zone',
      'artifacts/edge/shop.istio-gateway-values.yaml',
      'artifacts/edge/shop.istio-operator.yaml',
      'artifacts/edge/shop.istiod-values.yaml',
      'artifacts/edge/shop.route53.json',
    ]);
    collector.add(Testing.synth(chart));
  });
});

describe('refusals', () => {
  test.each([
    ['azure-dns', 'dns.provider.name "azure-dns" (Azure DNS) cannot hold HTTPS records: has no HTTPS or SVCB record type (its types: A, AAAA, CAA, CNAME, MX, NS, PTR, SOA, SRV, TXT, TLSA, DS, NAPTR) and no generic RFC 3597 records (@azure/arm-dns RecordType; DNSControl azuredns capabilities); publish the zone fragment artifact yourself, or delegate the names to "cloudflare", "route53", "google-cloud-dns"'],
    ['azure', 'dns.provider.name "azure" (Azure DNS) cannot hold HTTPS records: has no HTTPS or SVCB record type (its types: A, AAAA, CAA, CNAME, MX, NS, PTR, SOA, SRV, TXT, TLSA, DS, NAPTR) and no generic RFC 3597 records (@azure/arm-dns RecordType; DNSControl azuredns capabilities); publish the zone fragment artifact yourself, or delegate the names to "cloudflare", "route53", "google-cloud-dns"'],
    ['digitalocean-dns', 'dns.provider.name "digitalocean-dns" (DigitalOcean DNS) cannot hold HTTPS records: does not support HTTPS or SVCB records ("Digital Ocean documents that this is not supported") (DNSControl providers/digitalocean; @pulumi/digitalocean DnsRecord types); publish the zone fragment artifact yourself, or delegate the names to "cloudflare", "route53", "google-cloud-dns"'],
    ['external-dns', 'dns.provider.name "external-dns" (external-dns) cannot hold HTTPS records: knows no HTTPS or SVCB record type: its providers filter what they read back, so an HTTPS DNSEndpoint would be recreated forever (kubernetes-sigs/external-dns endpoint.KnownRecordTypes; issues #1848, #4878); publish the zone fragment artifact yourself, or delegate the names to "cloudflare", "route53", "google-cloud-dns"'],
  ])('%s', (name, message) => {
    const error = errorOf(() => synthesizeHttp3Gateway({ ...BASE, dns: { provider: { name } as never } }));
    expect(error.prop).toBe('dns.provider.name');
    expect(error.message).toBe(message);
    // the same from the Pulumi component and the standalone record
    expect(thrownBy(() => new pu.HttpsDnsRecord('dns', { hostnames: ['shop.example.org'], provider: { name } as never })).message)
      .toBe(message.replace('dns.provider.name', 'provider.name'));
  });

  test('cloudflare on proxied names', () => {
    const error = errorOf(() => synthesizeHttp3Gateway({ ...BASE, dns: { provider: { name: 'cloudflare', zoneId: 'z', proxied: true } } }));
    expect(error.prop).toBe('dns.provider.proxied');
    expect(error.message).toBe(
      'dns.provider.proxied true cannot carry these records: on proxied names Cloudflare synthesizes its own HTTPS records and does not serve manual ones, and its edge, not your gateway, terminates QUIC (Cloudflare docs, dns-record-types); make the hostnames DNS-only (grey cloud) to publish these records, or let Cloudflare advertise HTTP/3 for proxied names and remove dns',
    );
  });

  test.each([
    [{ name: 'cloudflare' }, 'dns.provider.zoneId', 'dns.provider.zoneId must be the Cloudflare zone ID, got undefined; dns.provider.zoneId is required'],
    [{ name: 'route53' }, 'dns.provider.zoneId', 'dns.provider.zoneId must be the Route 53 hosted zone ID, got undefined; dns.provider.zoneId is required'],
    [{ name: 'google-cloud-dns' }, 'dns.provider.managedZone', 'dns.provider.managedZone must be the Cloud DNS managed zone name, got undefined; dns.provider.managedZone is required'],
    [{ name: 'route53', zoneId: 'Z', zone: 'x' }, 'dns.provider.zone', 'dns.provider.zone is not a known field (got "x"); the fields of dns.provider are: name, zoneId'],
    [{ name: 'bind' }, 'dns.provider.name', 'dns.provider.name must be one of "cloudflare", "route53", "google-cloud-dns", got "bind"; publish the zone fragment artifact yourself, or delegate the names to "cloudflare", "route53", "google-cloud-dns"'],
  ])('bad options %j', (provider, prop, message) => {
    const error = errorOf(() => synthesizeHttp3Gateway({ ...BASE, dns: { provider: provider as never } }));
    expect(error.prop).toBe(prop);
    expect(error.message).toBe(message);
  });

  test('a Cloudflare TTL outside 60-86400 (1 = automatic)', () => {
    expect(errorOf(() => synthesizeHttp3Gateway({ ...BASE, dns: { ttlSeconds: 30, provider: { name: 'cloudflare', zoneId: 'z' } } })).message).toBe(
      'dns.ttlSeconds must be between 60 and 86400, or 1 (automatic) on Cloudflare, got 30; Enterprise zones allow 30, which kube-http3 does not assume',
    );
    expect(synthesizeHttp3Gateway({ ...BASE, dns: { ttlSeconds: 1, provider: { name: 'cloudflare', zoneId: 'z' } } }).httpsRecords[0].ttlSeconds).toBe(1);
  });
});

describe('Pulumi: the DNS resources, from the providers\' packages', () => {
  test.each([
    [
      'cloudflare (zone ID as an Input)',
      { name: 'cloudflare', zoneId: pulumi.output('zone-1') },
      'cloudflare:index/dnsRecord:DnsRecord',
      (host: string) => ({ zoneId: 'zone-1', name: host, type: 'HTTPS', ttl: 300, data: { priority: 1, target: '.', value: 'alpn=h3,h2' } }),
    ],
    [
      'route53',
      { name: 'route53', zoneId: 'Z123' },
      'aws:route53/record:Record',
      (host: string) => ({ zoneId: 'Z123', name: host, type: 'HTTPS', ttl: 300, records: ['1 . alpn=h3,h2'] }),
    ],
    [
      'google-cloud-dns (managed zone as an Input)',
      { name: 'google-cloud-dns', managedZone: pulumi.output('shop-zone') },
      'gcp:dns/recordSet:RecordSet',
      (host: string) => ({ managedZone: 'shop-zone', name: `${host}.`, type: 'HTTPS', ttl: 300, rrdatas: ['1 . alpn=h3,h2'] }),
    ],
  ] as const)('%s', async (_title, provider, type, args) => {
    const gateway = new pu.Http3Gateway('shop', { ...BASE, hostnames: [pulumi.output('shop.example.org'), 'www.shop.example.org'], dns: { provider } });
    await settle(gateway, [...gateway.resources, ...gateway.dnsRecords]);
    const records = registered.filter((r) => r.type === type).sort((a, b) => a.name.localeCompare(b.name, 'en'));
    expect(records.map((r) => r.name)).toEqual(['shop-https-record-0', 'shop-https-record-1']);
    expect(records.map((r) => r.inputs)).toEqual([args('shop.example.org'), args('www.shop.example.org')]);
    // the DNS records are children of the component
    expect(records.every((r) => String(r.name).startsWith('shop-'))).toBe(true);
    collector.add(registered.filter((r) => r.type.startsWith('kubernetes:')).map((r) => r.inputs));
  });

  test('the standalone HttpsDnsRecord creates them too', async () => {
    const record = new pu.HttpsDnsRecord('dns', { hostnames: ['app.example.com'], provider: { name: 'route53', zoneId: 'Z1' } });
    await settle(record, record.dnsRecords);
    expect(registered.filter((r) => r.custom).map((r) => [r.type, r.name, r.inputs])).toEqual([
      ['aws:route53/record:Record', 'dns-https-record-0', { zoneId: 'Z1', name: 'app.example.com', type: 'HTTPS', ttl: 300, records: ['1 . alpn=h3,h2'] }],
    ]);
  });
});

describe('address hints from the load balancer (Pulumi only, off by default)', () => {
  test('the records and the DNS resources carry the addresses the Service got', async () => {
    setExtraState((args) => (args.type === 'kubernetes:core/v1:Service'
      ? { status: { loadBalancer: { ingress: [{ ip: '192.0.2.10' }, { ip: '2001:db8::10' }, { hostname: 'lb.example.net' }] } } }
      : undefined));
    const gateway = new pu.Http3Gateway('shop', { ...BASE, dns: { hintsFromLoadBalancer: true, provider: { name: 'route53', zoneId: 'Z1' } } });
    await settle(gateway, [...gateway.resources, ...gateway.dnsRecords]);
    expect(await promiseOf(gateway.httpsRecords)).toEqual([
      'shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2 ipv4hint=192.0.2.10 ipv6hint=2001:db8::10',
      'www.shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2 ipv4hint=192.0.2.10 ipv6hint=2001:db8::10',
    ]);
    const records = registered.filter((r) => r.type === 'aws:route53/record:Record').map((r) => r.inputs.records);
    expect(records).toEqual([['1 . alpn=h3,h2 ipv4hint=192.0.2.10 ipv6hint=2001:db8::10'], ['1 . alpn=h3,h2 ipv4hint=192.0.2.10 ipv6hint=2001:db8::10']]);
    expect(gateway.report.notes.map((n) => n.topic)).toContain('https-record-hints');
    await drainRegistrations();
  });

  test('a load balancer that reports only a hostname (an AWS NLB) gives no hints', async () => {
    setExtraState((args) => (args.type === 'kubernetes:core/v1:Service' ? { status: { loadBalancer: { ingress: [{ hostname: 'nlb.example.net' }] } } } : undefined));
    const gateway = new pu.Http3Gateway('shop', { ...BASE, dns: { hintsFromLoadBalancer: true } });
    await settle(gateway, gateway.resources);
    expect(await promiseOf(gateway.httpsRecords)).toEqual(['shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2', 'www.shop.example.org. 300 IN HTTPS 1 . alpn=h3,h2']);
  });

  test('refused without a Service kube-http3 creates, in cdk8s, and next to explicit hints', () => {
    expect(errorOf(() => synthesizeHttp3Gateway({ ...BASE, gateway: 'envoy-gateway', provider: 'generic', dns: { hintsFromLoadBalancer: true } })).message).toBe(
      'dns.hintsFromLoadBalancer true needs a load-balancer Service that kube-http3 creates, to read its address at deployment; here there is none (a standalone record, or an implementation whose controller creates the Service); pass dns.ipv4hint / dns.ipv6hint yourself, or remove hintsFromLoadBalancer',
    );
    expect(errorOf(() => synthesizeHttpsDnsRecord({ name: 'dns', hostnames: ['app.example.com'], hintsFromLoadBalancer: true })).prop).toBe('hintsFromLoadBalancer');
    expect(errorOf(() => new k8.Http3Gateway(Testing.chart(), 'shop', { ...BASE, dns: { hintsFromLoadBalancer: true } })).message).toBe(
      'dns.hintsFromLoadBalancer true needs the load balancer\'s address, which only the Pulumi components read at deployment; in cdk8s pass dns.ipv4hint / dns.ipv6hint',
    );
    expect(errorOf(() => synthesizeHttp3Gateway({ ...BASE, dns: { hintsFromLoadBalancer: true, ipv4hint: ['192.0.2.1'] } })).message).toBe(
      'dns.hintsFromLoadBalancer true cannot be combined with dns.ipv4hint ["192.0.2.1"]: the hints come either from the load balancer or from the props; keep one of them',
    );
  });
});

test('every manifest above passes the strict upstream validator', () => {
  collector.expectStrictlyValid();
});
