import { ApiObject, Chart, Testing } from 'cdk8s';
import { Node } from 'constructs';
import { AltSvcPolicy } from '../../lib/cdk8s';
import { AltSvcAttachment } from '../../lib/core/alt-svc-policy';
import { FindingStatus } from '../../lib/core/report';
import { ManifestCollector } from '../helpers/schemas';

const collector = new ManifestCollector();

function synth(chart: Chart): Array<Record<string, any>> {
  const manifests = Testing.synth(chart);
  collector.add(manifests);
  return manifests;
}

describe('AltSvcPolicy (cdk8s)', () => {
  test('no props: the default value, no Kubernetes objects', () => {
    const chart = Testing.chart();
    const policy = new AltSvcPolicy(chart, 'alt-svc');
    expect(Testing.synth(chart)).toEqual([]);
    expect(policy.node.children).toEqual([]);
    expect(Node.of(policy).defaultChild).toBeUndefined();
    expect(policy.value).toBe('h3=":443"; ma=86400');
    expect(policy.attachment).toBe(AltSvcAttachment.NONE);
    expect(policy.report.discovery.status).toBe(FindingStatus.PARTIAL);
    expect(policy.synthesis.resources).toEqual([]);
  });

  test.each<[string, ConstructorParameters<typeof AltSvcPolicy>[2], string | undefined, AltSvcAttachment, boolean]>([
    ['port 8443', { port: 8443 }, 'h3=":8443"; ma=86400', AltSvcAttachment.NONE, true],
    ['withdraw', { clear: true }, 'clear', AltSvcAttachment.NONE, true],
    ['istio emits it', { gateway: 'istio' }, 'h3=":443"; ma=86400', AltSvcAttachment.AUTOMATIC, false],
    ['envoy-gateway withdrawing', { gateway: { implementation: 'envoy-gateway' }, clear: true }, 'clear', AltSvcAttachment.RESPONSE_HEADER, true],
  ])('%s: value, attachment and fragments', (_label, props, value, attachment, fragments) => {
    const policy = new AltSvcPolicy(Testing.chart(), 'alt-svc', props);
    expect(policy.value).toBe(value);
    expect(policy.attachment).toBe(attachment);
    if (fragments) {
      expect(policy.httpRouteFilter).toEqual({ type: 'ResponseHeaderModifier', responseHeaderModifier: { set: [{ name: 'alt-svc', value }] } });
      expect(policy.virtualServiceHeaders).toEqual({ response: { set: { 'alt-svc': value } } });
    } else {
      expect(policy.httpRouteFilter).toBeUndefined();
      expect(policy.virtualServiceHeaders).toBeUndefined();
    }
  });

  test('the fragments fit the user\'s own HTTPRoute and VirtualService', () => {
    const chart = Testing.chart();
    const policy = new AltSvcPolicy(chart, 'alt-svc', { port: 443, maxAgeSeconds: 3600 });
    new ApiObject(chart, 'route', {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'app', namespace: 'web' },
      spec: {
        parentRefs: [{ name: 'public', sectionName: 'https' }],
        hostnames: ['app.example.org'],
        rules: [{ filters: [policy.httpRouteFilter], backendRefs: [{ name: 'app', port: 8080 }] }],
      },
    });
    new ApiObject(chart, 'virtual-service', {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'app', namespace: 'web' },
      spec: {
        hosts: ['app.example.org'],
        gateways: ['web/public'],
        http: [{ headers: policy.virtualServiceHeaders, route: [{ destination: { host: 'app.web.svc.cluster.local', port: { number: 8080 } } }] }],
      },
    });
    const [route, virtualService] = synth(chart);
    expect(route.spec.rules[0].filters).toEqual([
      { type: 'ResponseHeaderModifier', responseHeaderModifier: { set: [{ name: 'alt-svc', value: 'h3=":443"; ma=3600' }] } },
    ]);
    expect(virtualService.spec.http[0].headers).toEqual({ response: { set: { 'alt-svc': 'h3=":443"; ma=3600' } } });
  });

  test('a conflicting max age fails at construction', () => {
    expect(() => new AltSvcPolicy(Testing.chart(), 'alt-svc', { gateway: 'istio', maxAgeSeconds: 60 })).toThrow(
      expect.objectContaining({ name: 'Http3ConfigError', prop: 'maxAgeSeconds' }),
    );
  });
});

test('every synthesized manifest passes the strict validator', () => {
  collector.expectStrictlyValid();
});
