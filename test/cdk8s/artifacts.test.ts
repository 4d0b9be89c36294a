import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Chart, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { Http3Gateway, HttpsDnsRecord, writeArtifacts } from '../../lib/cdk8s';
import { renderArtifact } from '../../lib/core/artifacts';
import { ManifestCollector } from '../helpers/schemas';

const collector = new ManifestCollector();

const GATEWAY = {
  name: 'shop',
  hostnames: ['shop.example.org'],
  backend: { service: 'shop', port: 8080 },
  gateway: 'istio',
  tls: { secretName: 'shop-cert' },
} as const;

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** an app writing to a fresh temporary directory */
function app(): App {
  const outdir = mkdtempSync(join(tmpdir(), 'kube-http3-cdk8s-'));
  dirs.push(outdir);
  return new App({ outdir });
}

/** synth the app and collect the manifests it wrote */
function synthApp(a: App): void {
  a.synth();
  for (const file of readdirSync(a.outdir).filter((f) => f.endsWith('.k8s.yaml'))) {
    collector.add(parseAllDocuments(readFileSync(join(a.outdir, file), 'utf8')).map((d) => d.toJS()));
  }
}

describe('writeArtifacts', () => {
  test('writes <outdir>/artifacts/<chart id>/<file>, each file starting with its header comment', () => {
    const a = app();
    const chart = new Chart(a, 'edge');
    const shop = new Http3Gateway(chart, 'shop', GATEWAY);
    const records = new HttpsDnsRecord(chart, 'records', { name: 'extra', hostnames: ['extra.example.org'] });
    synthApp(a);
    const written = writeArtifacts(a);
    const dir = join(a.outdir, 'artifacts', 'edge');
    expect(written).toEqual([
      join(dir, 'shop.istio-operator.yaml'),
      join(dir, 'shop.istiod-values.yaml'),
      join(dir, 'shop.istio-gateway-values.yaml'),
      join(dir, 'shop.https-records.zone'),
      join(dir, 'extra.https-records.zone'),
    ]);
    expect(readdirSync(dir).sort()).toEqual([
      'extra.https-records.zone',
      'shop.https-records.zone',
      'shop.istio-gateway-values.yaml',
      'shop.istio-operator.yaml',
      'shop.istiod-values.yaml',
    ]);
    expect(readFileSync(join(dir, 'shop.istiod-values.yaml'), 'utf8')).toBe(
      '# apply with: helm upgrade istiod istio/istiod -n istio-system --reuse-values -f <this file> ' +
        '(istiod restarts with PILOT_ENABLE_QUIC_LISTENERS)\n' +
        'pilot:\n  env:\n    PILOT_ENABLE_QUIC_LISTENERS: "true"\n',
    );
    expect(readFileSync(join(dir, 'extra.https-records.zone'), 'utf8')).toBe(
      '; add these records to the zone of each hostname (BIND or CoreDNS zone file, or your DNS provider); check with named-checkzone\n' +
        'extra.example.org. 300 IN HTTPS 1 . alpn=h3,h2\n',
    );
    for (const artifact of [...shop.artifacts, ...records.artifacts]) {
      const text = readFileSync(join(dir, artifact.fileName), 'utf8');
      expect(text).toBe(renderArtifact(artifact));
      expect(text.split('\n')[0]).toBe(`${artifact.fileName.endsWith('.zone') ? ';' : '#'} ${artifact.header}`);
    }
  });

  test('artifacts never reach the manifests', () => {
    const a = app();
    new Http3Gateway(new Chart(a, 'edge'), 'shop', GATEWAY);
    synthApp(a);
    writeArtifacts(a);
    const kinds = parseAllDocuments(readFileSync(join(a.outdir, 'edge.k8s.yaml'), 'utf8')).map((d) => d.toJS().kind);
    expect(kinds).toEqual(['Gateway', 'VirtualService', 'Service']);
  });

  test('one directory per chart: the same file name in two charts is no conflict', () => {
    const a = app();
    new HttpsDnsRecord(new Chart(a, 'edge'), 'records', { name: 'shop', hostnames: ['shop.example.org'] });
    new HttpsDnsRecord(new Chart(a, 'staging'), 'records', { name: 'shop', hostnames: ['shop.staging.example.org'] });
    synthApp(a);
    expect(writeArtifacts(a)).toEqual([
      join(a.outdir, 'artifacts', 'edge', 'shop.https-records.zone'),
      join(a.outdir, 'artifacts', 'staging', 'shop.https-records.zone'),
    ]);
    const staging = readFileSync(join(a.outdir, 'artifacts', 'staging', 'shop.https-records.zone'), 'utf8');
    expect(staging.split('\n').slice(1)).toEqual(['shop.staging.example.org. 300 IN HTTPS 1 . alpn=h3,h2', '']);
  });

  test('two constructs writing different content to one file are refused', () => {
    const a = app();
    const chart = new Chart(a, 'edge');
    new HttpsDnsRecord(chart, 'one', { name: 'shop', hostnames: ['shop.example.org'] });
    new HttpsDnsRecord(chart, 'two', { name: 'shop', hostnames: ['www.example.org'] });
    synthApp(a);
    const file = join(a.outdir, 'artifacts', 'edge', 'shop.https-records.zone');
    expect(() => writeArtifacts(a)).toThrow(new Error(`two constructs in chart edge write different content to ${file}: give them different names`));
  });

  test('the same content twice is written once', () => {
    const a = app();
    const chart = new Chart(a, 'edge');
    // the gateway's own zone file and a separate record construct of the same name agree byte for byte
    new Http3Gateway(chart, 'shop', GATEWAY);
    new HttpsDnsRecord(chart, 'records', { name: 'shop', hostnames: ['shop.example.org'] });
    synthApp(a);
    const written = writeArtifacts(a);
    expect(written.map((f) => f.slice(a.outdir.length + 1))).toEqual([
      'artifacts/edge/shop.istio-operator.yaml',
      'artifacts/edge/shop.istiod-values.yaml',
      'artifacts/edge/shop.istio-gateway-values.yaml',
      'artifacts/edge/shop.https-records.zone',
    ]);
  });

  test('another outdir', () => {
    const a = app();
    new HttpsDnsRecord(new Chart(a, 'edge'), 'records', { name: 'shop', hostnames: ['shop.example.org'] });
    const elsewhere = mkdtempSync(join(tmpdir(), 'kube-http3-artifacts-'));
    dirs.push(elsewhere);
    expect(writeArtifacts(a, elsewhere)).toEqual([join(elsewhere, 'artifacts', 'edge', 'shop.https-records.zone')]);
    expect(readdirSync(a.outdir)).toEqual([]);
  });

  test('nothing to write', () => {
    const a = app();
    collector.add(Testing.synth(new Chart(a, 'empty')));
    expect(writeArtifacts(a)).toEqual([]);
  });
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});
