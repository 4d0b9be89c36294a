/**
 * Alt-Svc rollout and withdrawal (discovery.md A.5: start with a short max age, raise it; withdraw with `clear`,
 * never `ma=0`), with the exact header values for each way the value reaches clients: set by kube-http3 in the
 * implementation's configuration (HAProxy's quic-alt-svc-max-age), sent by the backends (passthrough), attached as
 * a response header (Istio VirtualService headers.response, Gateway API HTTPRoute ResponseHeaderModifier, Traefik
 * Middleware headers, Emissary Mapping add_response_headers, HAProxy response-set-header), or fixed by the
 * implementation (refused when the stage disagrees).
 */
import { synthesizeAltSvcPolicy } from '../../lib/core/alt-svc-policy';
import { Http3ConfigError } from '../../lib/core/errors';
import { synthesizeQuicListener, type QuicListenerOptions } from '../../lib/core/quic-listener';
import type { KubeManifest } from '../../lib/core/types';
import { ManifestCollector } from '../helpers/schemas';

const collector = new ManifestCollector();

const BASE = {
  name: 'shop',
  namespace: 'web',
  hostnames: ['shop.example.org'],
  backend: { service: 'shop', port: 8080 },
  tlsSecretName: 'shop-tls',
} as const;

function listener(options: Record<string, unknown>) {
  const result = synthesizeQuicListener({ ...BASE, ...options } as unknown as QuicListenerOptions);
  collector.add(result.resources.map((r) => r.manifest));
  return result;
}

function byKind(result: ReturnType<typeof listener>, kind: string): KubeManifest {
  const found = result.resources.find((r) => r.manifest.kind === kind);
  if (!found) throw new Error(`no ${kind}: ${result.resources.map((r) => r.manifest.kind).join(', ')}`);
  return found.manifest;
}

function errorOf(fn: () => unknown): Http3ConfigError {
  try {
    fn();
  } catch (e) {
    expect(Http3ConfigError.isHttp3ConfigError(e)).toBe(true);
    return e as Http3ConfigError;
  }
  throw new Error('expected a Http3ConfigError');
}

const rolloutNote = (result: { report: { notes: ReadonlyArray<{ topic: string; message: string }> } }) =>
  result.report.notes.find((n) => n.topic === 'alt-svc-rollout')?.message;

describe('staged rollout: one prop, rolloutStage, steps through the max ages', () => {
  test.each([
    [0, 300, 'rollout stage 1 of 3 (ma=300 s): a client that cached a broken alternative retries QUIC for at most 300 s; once HTTP/3 has served well at this stage, set altSvc.rolloutStage to 1 (ma=3600 s)'],
    [1, 3600, 'rollout stage 2 of 3 (ma=3600 s): a client that cached a broken alternative retries QUIC for at most 3600 s; once HTTP/3 has served well at this stage, set altSvc.rolloutStage to 2 (ma=86400 s)'],
    [2, 86400, 'rollout stage 3 of 3 (ma=86400 s): the rollout is complete'],
  ])('haproxy (max age written into the controller ConfigMap): stage %i', (rolloutStage, ma, message) => {
    const result = listener({ gateway: { implementation: 'haproxy', install: 'manifests' }, altSvc: { rolloutStage } });
    expect(result.altSvcValue).toBe(`h3=":443"; ma=${ma}`);
    expect((byKind(result, 'ConfigMap').data as Record<string, string>)['quic-alt-svc-max-age']).toBe(String(ma));
    expect(rolloutNote(result)).toBe(message);
  });

  test('haproxy with Helm: the stage\'s max age in the chart values', () => {
    const result = listener({ gateway: 'haproxy', altSvc: { rolloutStage: 0 } });
    const values = result.artifacts.find((a) => a.fileName === 'shop.kubernetes-ingress-values.yaml')!.content;
    expect(values).toContain('quic-alt-svc-max-age: "300"');
  });

  test('custom stages', () => {
    const result = listener({ gateway: { implementation: 'haproxy', install: 'manifests' }, altSvc: { rolloutStage: 1, rolloutStages: [60, 600] } });
    expect(result.altSvcValue).toBe('h3=":443"; ma=600');
    expect(rolloutNote(result)).toBe('rollout stage 2 of 2 (ma=600 s): the rollout is complete');
  });

  test('passthrough: the backends must send the stage\'s value, which the report carries', () => {
    const result = listener({
      name: 'shop-edge',
      tlsSecretName: undefined,
      gateway: { implementation: 'passthrough', selector: { app: 'shop' }, targetPort: 8443 },
      altSvc: { rolloutStage: 0 },
    });
    expect(result.altSvcValue).toBe('h3=":443"; ma=300');
    expect(result.report.discovery.detail).toBe(
      'the backends must send Alt-Svc h3=":443"; ma=300 themselves (your application sends it on every response): kube-http3 cannot attach it',
    );
  });

  test('the standalone policy without an implementation computes the stage\'s value', () => {
    expect(synthesizeAltSvcPolicy({ rolloutStage: 0 }).value).toBe('h3=":443"; ma=300');
    expect(synthesizeAltSvcPolicy({ rolloutStage: 2 }).value).toBe('h3=":443"; ma=86400');
  });

  test('istio hard-codes ma=86400: an earlier stage is refused with the reason; the last stage agrees', () => {
    const error = errorOf(() => listener({ gateway: 'istio', altSvc: { rolloutStage: 0 } }));
    expect(error.prop).toBe('altSvc.rolloutStage');
    expect(error.message).toBe(
      'altSvc.rolloutStage 0 cannot be combined with gateway.implementation "istio": istiod adds alt-svc: h3=":<server port>"; ma=86400 to every '
        + 'route of a server that has a QUIC listener (ma is hard-coded), so clients would receive h3=":443"; ma=86400, not h3=":443"; ma=300; '
        + 'a staged rollout needs an implementation whose max age kube-http3 sets (haproxy) or backends that send Alt-Svc themselves '
        + '(passthrough); with istio, stage the rollout with a short HTTPS record TTL, or remove rolloutStage',
    );
    expect(listener({ gateway: 'istio', altSvc: { rolloutStage: 2 } }).altSvcValue).toBe('h3=":443"; ma=86400');
  });

  test.each([
    [{ rolloutStage: 3 }, 'altSvc.rolloutStage', 'altSvc.rolloutStage must be an integer between 0 and 2, got 3'],
    [{ rolloutStages: [300] }, 'altSvc.rolloutStage', 'altSvc.rolloutStage must be the index of the current stage, got undefined; rolloutStages needs rolloutStage'],
    [{ rolloutStage: 0, rolloutStages: [3600, 300] }, 'altSvc.rolloutStages[1]', 'altSvc.rolloutStages[1] must be more than the stage before (3600), got 300; each stage advertises a longer max age'],
    [{ rolloutStage: 0, rolloutStages: [] }, 'altSvc.rolloutStages', 'altSvc.rolloutStages must be a non-empty list of max ages in seconds, increasing, e.g. [300, 3600, 86400], got []'],
    [{ rolloutStage: 0, maxAgeSeconds: 300 }, 'altSvc.maxAgeSeconds', 'altSvc.maxAgeSeconds 300 cannot be combined with altSvc.rolloutStage 0: the rollout stage decides the max age; remove maxAgeSeconds (set the stages with rolloutStages), or remove rolloutStage'],
    [{ rolloutStage: 1, clear: true }, 'altSvc.rolloutStage', 'altSvc.rolloutStage 1 cannot be combined with altSvc.clear true: withdrawing advertises no max age; remove rolloutStage while withdrawing, and start the rollout again from stage 0 afterwards'],
  ])('bad rollout %j', (altSvc, prop, message) => {
    const error = errorOf(() => listener({ gateway: { implementation: 'haproxy', install: 'manifests' }, altSvc }));
    expect(error.prop).toBe(prop);
    expect(error.message).toBe(message);
  });
});

describe('withdraw: QUIC off and Alt-Svc: clear, attached the way each implementation carries a response header', () => {
  test('istio: VirtualService headers.response.set', () => {
    const result = listener({ gateway: 'istio', altSvc: { clear: true } });
    expect(result.altSvcValue).toBe('clear');
    const http = (byKind(result, 'VirtualService').spec as { http: Array<{ headers?: unknown }> }).http;
    expect(http.map((h) => h.headers)).toEqual([{ response: { set: { 'alt-svc': 'clear' } } }]);
    const ports = (byKind(result, 'Service').spec as { ports: Array<{ protocol: string }> }).ports;
    expect(ports.map((p) => p.protocol)).toEqual(['TCP']);
  });

  test.each([
    ['envoy-gateway', 'envoy-gateway'],
    ['istio-gateway-api (manual deployment)', { implementation: 'istio-gateway-api', version: '1.30', namespace: 'web' }],
    ['traefik with Gateway API routing', { implementation: 'traefik', routing: 'gateway-api' }],
  ])('%s: HTTPRoute ResponseHeaderModifier', (_title, gateway) => {
    const result = listener({ gateway, altSvc: { clear: true } });
    const rules = (byKind(result, 'HTTPRoute').spec as { rules: Array<{ filters?: unknown }> }).rules;
    expect(rules.map((r) => r.filters)).toEqual([[{ type: 'ResponseHeaderModifier', responseHeaderModifier: { set: [{ name: 'alt-svc', value: 'clear' }] } }]]);
    expect(result.resources.some((r) => r.manifest.kind === 'ClientTrafficPolicy')).toBe(false);
  });

  test('traefik with IngressRoute routing: a headers Middleware on the route', () => {
    const result = listener({ gateway: 'traefik', altSvc: { clear: true } });
    const middleware = byKind(result, 'Middleware');
    expect(middleware.spec).toEqual({ headers: { customResponseHeaders: { 'alt-svc': 'clear' } } });
    const routes = (byKind(result, 'IngressRoute').spec as { routes: Array<{ middlewares?: Array<{ name: string }> }> }).routes;
    expect(routes.map((r) => r.middlewares?.map((m) => m.name))).toEqual([[middleware.metadata.name]]);
  });

  test('emissary: Mapping add_response_headers', () => {
    const result = listener({ gateway: 'emissary', altSvc: { clear: true } });
    expect((byKind(result, 'Mapping').spec as { add_response_headers: unknown }).add_response_headers).toEqual({ 'alt-svc': { value: 'clear', append: false } });
    expect(result.resources.filter((r) => r.manifest.kind === 'Listener').map((r) => r.manifest.metadata.name)).toHaveLength(1);
  });

  test('haproxy: the response-set-header annotation on the Ingress', () => {
    const result = listener({ gateway: { implementation: 'haproxy', install: 'manifests' }, altSvc: { clear: true } });
    expect(byKind(result, 'Ingress').metadata.annotations).toEqual({ 'haproxy.org/response-set-header': 'alt-svc clear' });
  });

  test('passthrough: nothing to attach to; the report tells the backends to send clear', () => {
    const result = listener({
      name: 'shop-edge',
      tlsSecretName: undefined,
      gateway: { implementation: 'passthrough', selector: { app: 'shop' }, targetPort: 8443 },
      altSvc: { clear: true },
    });
    expect(result.altSvcValue).toBe('clear');
    expect(result.report.discovery.detail).toBe(
      'withdrawing: the QUIC listener is off and responses must carry Alt-Svc: clear (your application sends it on every response), so clients '
        + 'that cached h3 forget it on their next response over TCP; remove altSvc.clear once the previous max age has run out',
    );
  });
});

test('every manifest above passes the strict upstream validator', () => {
  collector.expectStrictlyValid();
});
