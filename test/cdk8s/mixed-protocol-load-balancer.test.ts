import { ApiObject, Chart, Testing } from 'cdk8s';
import { Node } from 'constructs';
import { MixedProtocolLoadBalancer } from '../../lib/cdk8s';
import { synthesizeMixedProtocolLoadBalancer } from '../../lib/core/mixed-protocol-load-balancer';
import { FindingStatus } from '../../lib/core/report';
import { MixedProtocolLayout } from '../../lib/providers/provider';
import { ManifestCollector } from '../helpers/schemas';

const collector = new ManifestCollector();

function synth(chart: Chart): Array<Record<string, any>> {
  const manifests = Testing.synth(chart);
  collector.add(manifests);
  return manifests;
}

describe('MixedProtocolLoadBalancer (cdk8s)', () => {
  test('one Service: the primary child Resource, both ports', () => {
    const chart = Testing.chart();
    const lb = new MixedProtocolLoadBalancer(chart, 'lb', {
      name: 'edge',
      namespace: 'web',
      selector: { app: 'edge' },
      port: 443,
      targetPort: 8443,
      provider: 'metallb',
    });
    const manifests = synth(chart);
    expect(lb.node.children.map((c) => c.node.id)).toEqual(['Resource']);
    expect(Node.of(lb).defaultChild).toBe(ApiObject.of(lb));
    expect(ApiObject.of(lb).kind).toBe('Service');
    expect(lb.services).toEqual([ApiObject.of(lb)]);
    expect(lb.name).toBe('edge');
    expect(manifests).toEqual([
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'edge', namespace: 'web', labels: { 'app.kubernetes.io/instance': 'edge', 'app.kubernetes.io/managed-by': 'kube-http3' } },
        spec: {
          type: 'LoadBalancer',
          externalTrafficPolicy: 'Local',
          selector: { app: 'edge' },
          ports: [
            { name: 'https', port: 443, targetPort: 8443, protocol: 'TCP' },
            { name: 'http3', port: 443, targetPort: 8443, protocol: 'UDP' },
          ],
        },
      },
    ]);
    expect(lb.report.notes.map((n) => n.topic)).toEqual(['apply-server-side']);
    expect(lb.report.clientIp.status).toBe(FindingStatus.YES);
    expect(lb.synthesis.shape.layout).toBe(MixedProtocolLayout.SINGLE_SERVICE);
  });

  test('two Services: Resource is the TCP one, ServiceUdp the UDP one', () => {
    const chart = Testing.chart();
    const lb = new MixedProtocolLoadBalancer(chart, 'lb', {
      name: 'edge',
      selector: { app: 'edge' },
      provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10', version: '0.14.8' },
    });
    const manifests = synth(chart);
    expect(lb.node.children.map((c) => c.node.id)).toEqual(['Resource', 'ServiceUdp']);
    expect(lb.services.map((s) => s.name)).toEqual(['edge-tcp', 'edge-udp']);
    expect(ApiObject.of(lb).name).toBe('edge-tcp');
    expect(manifests.map((m) => m.metadata.annotations)).toEqual([
      { 'metallb.universe.tf/loadBalancerIPs': '192.0.2.10', 'metallb.universe.tf/allow-shared-ip': 'edge' },
      { 'metallb.universe.tf/loadBalancerIPs': '192.0.2.10', 'metallb.universe.tf/allow-shared-ip': 'edge' },
    ]);
    expect(manifests.map((m) => m.spec.ports.map((p: { protocol: string }) => p.protocol))).toEqual([['TCP'], ['UDP']]);
  });

  test('the manifests are the core synthesis, unchanged', () => {
    const chart = Testing.chart();
    const props = { name: 'edge', selector: { app: 'edge' }, provider: { name: 'aws-lbc', scheme: 'internal', targetType: 'instance' } } as const;
    new MixedProtocolLoadBalancer(chart, 'lb', props);
    expect(synth(chart)).toEqual(synthesizeMixedProtocolLoadBalancer(props).resources.map((r) => r.manifest));
  });

  test('name omitted: derived from the construct path (a DNS-1035 label of at most 59 characters)', () => {
    const chart = Testing.chart();
    const lb = new MixedProtocolLoadBalancer(chart, 'Edge LB', { selector: { app: 'edge' } });
    const [service] = synth(chart);
    expect(lb.name).toMatch(/^test-edgelb-[0-9a-f]{8}$/);
    expect(service.metadata.name).toBe(lb.name);
    expect(service.metadata.labels['app.kubernetes.io/instance']).toBe(lb.name);
    const longChart = new Chart(Testing.app(), 'x'.repeat(80));
    const nested = new MixedProtocolLoadBalancer(longChart, 'lb', { selector: { app: 'edge' } });
    expect(synth(longChart).map((m) => m.metadata.name)).toEqual([nested.name]);
    expect(nested.name.length).toBeLessThanOrEqual(59);
    expect(nested.name).toMatch(/^x+-lb-[0-9a-f]{8}$/);
  });

  test('a bad prop fails at construction', () => {
    expect(() => new MixedProtocolLoadBalancer(Testing.chart(), 'lb', { selector: {} })).toThrow(
      expect.objectContaining({ name: 'Http3ConfigError', prop: 'selector' }),
    );
  });
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});
