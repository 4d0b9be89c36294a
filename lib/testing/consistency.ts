/**
 * A consistency check over any set of Kubernetes manifests (a synthesized chart, a Pulumi program's
 * inputs, hand-written YAML): the mistakes that make HTTP/3 fail silently, found before a cluster does.
 *
 * It needs no kube-http3 construct: point it at what you already have.
 */
import { parseAltSvc } from '../core/alt-svc-codec';
import { Http3ConfigError } from '../core/errors';
import { isPlainObject } from '../core/validate';

/** one problem found */
export interface Http3Problem {
  /** `<kind>/<namespace>/<name>` of the object at fault */
  readonly object: string;
  /** stable kebab-case code, for filtering */
  readonly code:
    | 'mixed-target-port'
    | 'duplicate-port-name'
    | 'alt-svc-invalid'
    | 'alt-svc-port-not-udp'
    | 'proxy-protocol-with-http3';
  readonly message: string;
}

interface Port {
  readonly name?: string;
  readonly port: number;
  readonly targetPort?: number | string;
  readonly protocol: string;
}

function id(m: Record<string, unknown>): string {
  const meta = (m.metadata ?? {}) as { name?: string; namespace?: string };
  return `${m.kind}/${meta.namespace ?? '-'}/${meta.name ?? '-'}`;
}

function get(obj: unknown, ...path: string[]): unknown {
  let cur = obj;
  for (const key of path) cur = isPlainObject(cur) ? cur[key] : undefined;
  return cur;
}

/** the Alt-Svc values set or added by HTTPRoute filters and Istio VirtualService headers, with their object */
function altSvcValues(m: Record<string, unknown>): string[] {
  const values: string[] = [];
  const header = (name: unknown, value: unknown): void => {
    if (typeof name === 'string' && name.toLowerCase() === 'alt-svc' && typeof value === 'string') values.push(value);
  };
  if (m.kind === 'HTTPRoute') {
    for (const rule of (get(m, 'spec', 'rules') as unknown[] | undefined) ?? []) {
      for (const filter of (get(rule, 'filters') as unknown[] | undefined) ?? []) {
        for (const op of ['set', 'add']) {
          for (const h of (get(filter, 'responseHeaderModifier', op) as unknown[] | undefined) ?? []) header(get(h, 'name'), get(h, 'value'));
        }
      }
    }
  }
  if (m.kind === 'VirtualService') {
    for (const route of (get(m, 'spec', 'http') as unknown[] | undefined) ?? []) {
      for (const op of ['set', 'add']) {
        const headers = get(route, 'headers', 'response', op);
        if (isPlainObject(headers)) for (const [k, v] of Object.entries(headers)) header(k, v);
      }
    }
  }
  return values;
}

/**
 * Check manifests for the mistakes that break HTTP/3 silently:
 * - a LoadBalancer Service whose TCP and UDP ports with the same number point at different target ports
 *   (AWS and OCI NLBs build one target group from the first of the two);
 * - duplicate Service port names;
 * - an Alt-Svc header (HTTPRoute filter, VirtualService headers) that does not parse the way Chrome parses
 *   it (one bad entry drops the whole header), or that advertises a port no LoadBalancer Service carries over UDP;
 * - an Envoy Gateway ClientTrafficPolicy with both http3 and the PROXY protocol.
 */
export function checkHttp3Consistency(manifests: readonly unknown[]): Http3Problem[] {
  const problems: Http3Problem[] = [];
  const objects = manifests.filter(isPlainObject);
  const udpPorts = new Set<number>();
  for (const m of objects) {
    if (m.kind !== 'Service' || get(m, 'spec', 'type') !== 'LoadBalancer') continue;
    const ports = ((get(m, 'spec', 'ports') as Port[] | undefined) ?? []).filter(isPlainObject) as Port[];
    const names = new Set<string>();
    for (const p of ports) {
      if ((p.protocol ?? 'TCP') === 'UDP') udpPorts.add(p.port);
      if (p.name !== undefined) {
        if (names.has(p.name)) problems.push({ object: id(m), code: 'duplicate-port-name', message: `port name ${JSON.stringify(p.name)} is used twice` });
        names.add(p.name);
      }
      const twin = ports.find((q) => q !== p && q.port === p.port && (q.protocol ?? 'TCP') !== (p.protocol ?? 'TCP'));
      if (twin && (p.protocol ?? 'TCP') === 'TCP' && String(twin.targetPort ?? twin.port) !== String(p.targetPort ?? p.port)) {
        problems.push({
          object: id(m),
          code: 'mixed-target-port',
          message: `port ${p.port} goes to targetPort ${p.targetPort ?? p.port} over TCP but ${twin.targetPort ?? twin.port} over UDP: use one numeric targetPort for both (AWS and OCI NLBs build one target group from the first port)`,
        });
      }
    }
  }
  for (const m of objects) {
    for (const value of altSvcValues(m)) {
      let parsed;
      try {
        parsed = parseAltSvc(value, 'alt-svc');
      } catch (e) {
        if (!Http3ConfigError.isHttp3ConfigError(e)) throw e;
        problems.push({ object: id(m), code: 'alt-svc-invalid', message: e.message });
        continue;
      }
      if (parsed.clear) continue;
      for (const alt of parsed.alternatives) {
        if (alt.protocolId === 'h3' && alt.host === undefined && !udpPorts.has(alt.port)) {
          problems.push({
            object: id(m),
            code: 'alt-svc-port-not-udp',
            message: `alt-svc ${JSON.stringify(value)} advertises h3 on port ${alt.port}, which no LoadBalancer Service here carries over UDP (UDP ports: ${[...udpPorts].sort((a, b) => a - b).join(', ') || 'none'})`,
          });
        }
      }
    }
    if (m.kind === 'ClientTrafficPolicy' && get(m, 'spec', 'http3') !== undefined) {
      if (get(m, 'spec', 'proxyProtocol') !== undefined || get(m, 'spec', 'enableProxyProtocol') === true) {
        problems.push({
          object: id(m),
          code: 'proxy-protocol-with-http3',
          message: 'http3 together with the PROXY protocol: Envoy rejects the QUIC listener while TCP keeps advertising h3 (envoyproxy/gateway #9798)',
        });
      }
    }
  }
  return problems;
}
