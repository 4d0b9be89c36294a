import { synthesizeMixedProtocolLoadBalancer, type MixedProtocolLoadBalancerOptions } from '../../lib/core/mixed-protocol-load-balancer';
import { FindingStatus } from '../../lib/core/report';
import { ExternalTrafficPolicy, MixedProtocolLayout } from '../../lib/providers/provider';
import { ManifestCollector } from '../helpers/schemas';

const collector = new ManifestCollector();

function lb(options: Partial<MixedProtocolLoadBalancerOptions>) {
  const result = synthesizeMixedProtocolLoadBalancer({ name: 'edge', selector: { app: 'edge' }, ...options } as MixedProtocolLoadBalancerOptions);
  collector.add(result.resources.map((r) => r.manifest));
  return result;
}

const LABELS = { 'app.kubernetes.io/instance': 'edge', 'app.kubernetes.io/managed-by': 'kube-http3' };

// loadbalancers.md §17.1: one Service, two ports, same port, same numeric targetPort, externalTrafficPolicy Local;
// DESIGN.md: port (default 443) is the client-facing port for TCP and UDP
describe('defaults', () => {
  test('only name and selector: namespace default, 443 -> 443, generic, Local', () => {
    const result = lb({});
    expect(result.resources).toStrictEqual([
      {
        role: 'service',
        primary: true,
        manifest: {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'edge', namespace: 'default', labels: LABELS },
          spec: {
            type: 'LoadBalancer',
            externalTrafficPolicy: 'Local',
            selector: { app: 'edge' },
            ports: [
              { name: 'https', port: 443, targetPort: 443, protocol: 'TCP' },
              { name: 'http3', port: 443, targetPort: 443, protocol: 'UDP' },
            ],
          },
        },
      },
    ]);
    expect(result.serviceNames).toEqual(['edge']);
    expect(result.artifacts).toEqual([]);
    expect(result.shape).toEqual({ layout: MixedProtocolLayout.SINGLE_SERVICE, annotations: {}, externalTrafficPolicy: ExternalTrafficPolicy.LOCAL });
  });

  test.each<[string, Partial<MixedProtocolLoadBalancerOptions>, [number, number]]>([
    ['targetPort defaults to port', { port: 8443 }, [8443, 8443]],
    ['targetPort given', { port: 443, targetPort: 8443 }, [443, 8443]],
    ['highest port', { port: 65535, targetPort: 1 }, [65535, 1]],
  ])('%s', (_label, options, [port, targetPort]) => {
    const spec = lb(options).resources[0].manifest.spec as { ports: object[] };
    expect(spec.ports).toStrictEqual([
      { name: 'https', port, targetPort, protocol: 'TCP' },
      { name: 'http3', port, targetPort, protocol: 'UDP' },
    ]);
  });
});

describe('props reach every Service', () => {
  test.each<[string, Partial<MixedProtocolLoadBalancerOptions>]>([
    ['one Service', { provider: 'generic' }],
    ['two Services', { provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' } }],
  ])('%s: namespace, selector, labels, externalTrafficPolicy', (_label, options) => {
    const result = lb({
      ...options,
      namespace: 'web',
      selector: { app: 'edge', 'app.kubernetes.io/component': 'proxy' },
      labels: { team: 'net', 'example.com/tier': 'edge' },
      externalTrafficPolicy: 'Cluster',
    });
    for (const { manifest } of result.resources) {
      expect(manifest.metadata.namespace).toBe('web');
      expect(manifest.metadata.labels).toStrictEqual({ ...LABELS, team: 'net', 'example.com/tier': 'edge' });
      expect(manifest.spec).toMatchObject({
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Cluster',
        selector: { app: 'edge', 'app.kubernetes.io/component': 'proxy' },
      });
    }
  });

  test('two Services: names <name>-tcp and <name>-udp, TCP first, identical selectors (loadbalancers.md §8, §17.2)', () => {
    const result = lb({ name: 'web-edge', provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' } });
    expect(result.serviceNames).toEqual(['web-edge-tcp', 'web-edge-udp']);
    expect(result.resources.map((r) => (r.manifest.spec as { ports: Array<{ protocol: string }> }).ports.map((p) => p.protocol))).toEqual([
      ['TCP'],
      ['UDP'],
    ]);
    const selectors = result.resources.map((r) => (r.manifest.spec as { selector: object }).selector);
    expect(selectors[0]).toStrictEqual(selectors[1]);
    expect(result.shape.layout).toBe(MixedProtocolLayout.TWO_SERVICES);
    // the sharing key follows the base name
    expect(result.resources.map((r) => r.manifest.metadata.annotations?.['metallb.io/allow-shared-ip'])).toEqual(['web-edge', 'web-edge']);
  });

  test('a 59-character name still gives 63-character Service names', () => {
    const name = `e${'x'.repeat(58)}`;
    const result = lb({ name, provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' } });
    expect(result.serviceNames.map((n) => n.length)).toEqual([63, 63]);
  });
});

describe('report', () => {
  test('one Service: the server-side apply warning (gateways.md §0.2, loadbalancers.md §0.6)', () => {
    const { report } = lb({});
    expect(report.notes.map((n) => n.topic)).toEqual(['apply-server-side']);
    expect(report.clientIp.status).toBe(FindingStatus.PARTIAL);
  });

  test('two Services: no merge collapse to warn about', () => {
    const { report } = lb({ provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' } });
    expect(report.notes.map((n) => n.topic)).toEqual(['metallb-shared-ip']);
  });

  test('MetalLB two Services: layer-2 serviceSelectors do not announce shared addresses (loadbalancers.md §8 b)', () => {
    const { report } = lb({ provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' } });
    expect(report.notes[0].message).toContain('the L2Advertisement that announces the pool must not use serviceSelectors');
  });
});

test('same props, same output (deterministic)', () => {
  const options = { provider: { name: 'aws-lbc', scheme: 'internet-facing' } } as const;
  expect(JSON.stringify(lb(options))).toBe(JSON.stringify(lb(options)));
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});
