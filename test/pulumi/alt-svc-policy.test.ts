/**
 * AltSvcPolicy (Pulumi) under mocks: a component without Kubernetes children that computes the Alt-Svc value,
 * how it reaches responses per implementation, and ready-made header fragments. The fragments are checked by
 * embedding them in the HTTPRoute and VirtualService a user would write, through the schema validators.
 */
import * as pulumi from '@pulumi/pulumi';
import { Http3ConfigError } from 'kube-http3';
import { AltSvcPolicy, type AltSvcPolicyArgs } from 'kube-http3/pulumi';
import { freshRegistrations, promiseOf, registered, settle, setupMocks, thrownBy, plainValueMessage } from '../helpers/pulumi';
import { ManifestCollector } from '../helpers/schemas';

const TYPE = 'kube-http3:index:AltSvcPolicy';

const collector = new ManifestCollector();

beforeAll(setupMocks);
beforeEach(freshRegistrations);

async function deploy(name: string, args?: AltSvcPolicyArgs): Promise<AltSvcPolicy> {
  const policy = new AltSvcPolicy(name, args);
  await settle(policy);
  // the component registers itself and nothing else
  expect(registered.map((r) => [r.type, r.name, r.custom])).toEqual([[TYPE, name, false]]);
  return policy;
}

/** the user's own HTTPRoute and VirtualService carrying the policy's fragments */
function userRoutes(policy: AltSvcPolicy): object[] {
  const metadata = { name: 'user-route', namespace: 'web' };
  return [
    {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata,
      spec: {
        parentRefs: [{ name: 'edge' }],
        hostnames: ['app.example.com'],
        rules: [{ filters: [policy.httpRouteFilter], backendRefs: [{ name: 'app', port: 80 }] }],
      },
    },
    {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata,
      spec: {
        hosts: ['app.example.com'],
        gateways: ['web/edge'],
        http: [{ headers: policy.virtualServiceHeaders, route: [{ destination: { host: 'app.web.svc.cluster.local', port: { number: 80 } } }] }],
      },
    },
  ];
}

test('default: the value for 443 with a one-day max age, to be attached by the user', async () => {
  const policy = await deploy('alt');
  expect(await promiseOf(policy.urn)).toBe(`urn:pulumi:stack::project::${TYPE}::alt`);
  expect(await promiseOf(policy.value)).toBe('h3=":443"; ma=86400');
  expect(policy.attachment).toBe('none');
  expect(policy.httpRouteFilter).toEqual({
    type: 'ResponseHeaderModifier',
    responseHeaderModifier: { set: [{ name: 'alt-svc', value: 'h3=":443"; ma=86400' }] },
  });
  expect(policy.virtualServiceHeaders).toEqual({ response: { set: { 'alt-svc': 'h3=":443"; ma=86400' } } });
  expect(policy.report.discovery).toEqual({
    status: 'partial',
    detail: 'Alt-Svc h3=":443"; ma=86400 is computed but not attached: add it to your responses',
  });
  collector.add(userRoutes(policy));
});

test('another port and max age', async () => {
  const policy = await deploy('alt', { port: 8443, maxAgeSeconds: 3600 });
  expect(await promiseOf(policy.value)).toBe('h3=":8443"; ma=3600');
  expect(policy.httpRouteFilter).toEqual({
    type: 'ResponseHeaderModifier',
    responseHeaderModifier: { set: [{ name: 'alt-svc', value: 'h3=":8443"; ma=3600' }] },
  });
  collector.add(userRoutes(policy));
});

test('istio emits Alt-Svc by itself: automatic, no fragments', async () => {
  const policy = await deploy('alt', { gateway: 'istio' });
  expect(await promiseOf(policy.value)).toBe('h3=":443"; ma=86400');
  expect(policy.attachment).toBe('automatic');
  expect(policy.httpRouteFilter).toBeUndefined();
  expect(policy.virtualServiceHeaders).toBeUndefined();
  expect(policy.report.discovery.status).toBe('yes');
});

test('withdrawing on envoy-gateway: Alt-Svc: clear, attached as a response header', async () => {
  const policy = await deploy('alt', { gateway: { implementation: 'envoy-gateway' }, clear: true });
  expect(await promiseOf(policy.value)).toBe('clear');
  expect(policy.attachment).toBe('response-header');
  expect(policy.httpRouteFilter).toEqual({ type: 'ResponseHeaderModifier', responseHeaderModifier: { set: [{ name: 'alt-svc', value: 'clear' }] } });
  expect(policy.virtualServiceHeaders).toEqual({ response: { set: { 'alt-svc': 'clear' } } });
  expect(policy.report.discovery.status).toBe('no');
  collector.add(userRoutes(policy));
});

test('a max age above 30 days is allowed with a warning', async () => {
  const policy = await deploy('alt', { maxAgeSeconds: 31536000 });
  expect(await promiseOf(policy.value)).toBe('h3=":443"; ma=31536000');
  expect(policy.report.notes).toEqual([
    {
      severity: 'warning',
      topic: 'alt-svc-long-max-age',
      message: 'ma=31536000 is longer than 30 days: Firefox stores expiry as a 32-bit time, and a long ma keeps clients on a broken alternative',
    },
  ]);
});

test('a max age the implementation does not emit is refused', () => {
  const error = thrownBy(() => new AltSvcPolicy('alt', { gateway: 'istio', maxAgeSeconds: 3600 }));
  expect(Http3ConfigError.isHttp3ConfigError(error)).toBe(true);
  expect(error.message).toBe(
    'maxAgeSeconds 3600 cannot be combined with gateway.implementation "istio": istiod adds alt-svc: h3=":<server port>"; ma=86400 to every route '
      + 'of a server that has a QUIC listener (ma is hard-coded), so clients would receive h3=":443"; ma=86400, not h3=":443"; ma=3600; remove '
      + 'maxAgeSeconds (or set it to what the implementation emits)',
  );
});

test('clear with a max age is refused', () => {
  expect(thrownBy(() => new AltSvcPolicy('alt', { clear: true, maxAgeSeconds: 60 })).message).toBe(
    'maxAgeSeconds 60 cannot be combined with clear true: a clear value carries no max age (RFC 7838: clear must be the whole value); remove '
      + 'maxAgeSeconds while withdrawing',
  );
});

test('a prop given as an Output is refused at construction with the same message as the other components', () => {
  const error = thrownBy(() => new AltSvcPolicy('alt', { maxAgeSeconds: pulumi.output(300) as unknown as number }));
  expect(Http3ConfigError.isHttp3ConfigError(error)).toBe(true);
  expect(error.message).toBe(plainValueMessage('maxAgeSeconds'));
});

test('the header fragments fit the HTTPRoute and VirtualService users write (strict upstream validator)', () => {
  expect(collector.size).toBe(6);
  collector.expectStrictlyValid();
});
