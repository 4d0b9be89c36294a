import { ApiObject, Chart, Testing } from 'cdk8s';
import { Node } from 'constructs';
import { HttpsDnsRecord } from '../../lib/cdk8s';
import { ArtifactTool } from '../../lib/core/types';
import { ManifestCollector } from '../helpers/schemas';

const collector = new ManifestCollector();

function synth(chart: Chart): Array<Record<string, any>> {
  const manifests = Testing.synth(chart);
  collector.add(manifests);
  return manifests;
}

describe('HttpsDnsRecord (cdk8s)', () => {
  test('no Kubernetes objects; records, zone fragment, artifact and report exposed', () => {
    const chart = Testing.chart();
    const record = new HttpsDnsRecord(chart, 'records', { name: 'shop', hostnames: ['shop.example.org', 'www.example.org'], ttlSeconds: 600 });
    expect(Testing.synth(chart)).toEqual([]);
    expect(record.node.children).toEqual([]);
    expect(Node.of(record).defaultChild).toBeUndefined();
    expect(record.name).toBe('shop');
    expect(record.records.map((r) => r.text)).toEqual([
      'shop.example.org. 600 IN HTTPS 1 . alpn=h3,h2',
      'www.example.org. 600 IN HTTPS 1 . alpn=h3,h2',
    ]);
    expect(record.records.map((r) => r.wireHex)).toEqual(['00010000010006026833026832', '00010000010006026833026832']);
    expect(record.zoneFragment).toBe('shop.example.org. 600 IN HTTPS 1 . alpn=h3,h2\nwww.example.org. 600 IN HTTPS 1 . alpn=h3,h2\n');
    expect(record.artifacts.map((a) => [a.fileName, a.tool])).toEqual([['shop.https-records.zone', ArtifactTool.ZONE_FILE]]);
    expect(record.report.notes.map((n) => n.topic)).toEqual(['https-record-upgrades-http']);
    expect(record.synthesis.records).toBe(record.records);
  });

  test('name omitted: derived from the construct path, prefixes the zone file', () => {
    const record = new HttpsDnsRecord(Testing.chart(), 'records', { hostnames: ['shop.example.org'], port: 8443 });
    expect(record.name).toMatch(/^test-records-[0-9a-f]{8}$/);
    expect(record.artifacts.map((a) => a.fileName)).toEqual([`${record.name}.https-records.zone`]);
    expect(record.records.map((r) => r.text)).toEqual(['_8443._https.shop.example.org. 300 IN HTTPS 1 shop.example.org. alpn=h3,h2']);
  });

  test('the zone fragment fits a CoreDNS zone ConfigMap', () => {
    const chart = Testing.chart();
    const record = new HttpsDnsRecord(chart, 'records', { name: 'shop', hostnames: ['shop.example.org'] });
    new ApiObject(chart, 'zone', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'example-org-zone', namespace: 'kube-system' },
      data: { 'example.org.db': `$ORIGIN example.org.\n${record.zoneFragment}` },
    });
    const [configMap] = synth(chart);
    expect(configMap.data['example.org.db']).toBe('$ORIGIN example.org.\nshop.example.org. 300 IN HTTPS 1 . alpn=h3,h2\n');
  });

  test('a bad prop fails at construction', () => {
    expect(() => new HttpsDnsRecord(Testing.chart(), 'records', { hostnames: ['shop.example.org'], alpn: ['h2c'] })).toThrow(
      expect.objectContaining({ name: 'Http3ConfigError', prop: 'alpn[0]' }),
    );
  });
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});
