/**
 * Jest matchers for HTTP/3 infrastructure: `expect.extend(http3Matchers)`, then
 * `expect(Testing.synth(chart)).toBeHttp3Consistent()` or `.toServeHttp3OnPort(443)`.
 *
 * Plain functions (no jest import), so the package does not depend on jest. For the types, add to a
 * declaration file: `declare global { namespace jest { interface Matchers<R> extends Http3Matchers<R> {} } }`.
 */
import { isPlainObject } from '../core/validate';
import { checkHttp3Consistency } from './consistency';

/** the matchers' types, to merge into `jest.Matchers` */
export interface Http3Matchers<R> {
  /** the manifests have none of the problems checkHttp3Consistency() finds */
  toBeHttp3Consistent(): R;
  /** a LoadBalancer Service (or a pair) carries this port over both TCP and UDP */
  toServeHttp3OnPort(port: number): R;
}

interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

function manifestsOf(received: unknown): unknown[] {
  return Array.isArray(received) ? received : [received];
}

function protocolsOnPort(manifests: unknown[], port: number): Set<string> {
  const protocols = new Set<string>();
  for (const m of manifests) {
    if (!isPlainObject(m) || m.kind !== 'Service') continue;
    const spec = m.spec as { type?: string; ports?: Array<{ port?: number; protocol?: string }> } | undefined;
    if (spec?.type !== 'LoadBalancer') continue;
    for (const p of spec.ports ?? []) if (p.port === port) protocols.add(p.protocol ?? 'TCP');
  }
  return protocols;
}

/** the matchers, for `expect.extend(http3Matchers)` */
export const http3Matchers = {
  toBeHttp3Consistent(received: unknown): MatcherResult {
    const problems = checkHttp3Consistency(manifestsOf(received));
    return {
      pass: problems.length === 0,
      message: () =>
        problems.length === 0
          ? 'expected HTTP/3 problems, found none'
          : `expected no HTTP/3 problems, found:\n${problems.map((p) => `  ${p.object} [${p.code}] ${p.message}`).join('\n')}`,
    };
  },
  toServeHttp3OnPort(received: unknown, port: number): MatcherResult {
    const protocols = protocolsOnPort(manifestsOf(received), port);
    const pass = protocols.has('TCP') && protocols.has('UDP');
    return {
      pass,
      message: () =>
        pass
          ? `expected port ${port} not to be carried over both TCP and UDP by LoadBalancer Services`
          : `expected LoadBalancer Services to carry port ${port} over TCP and UDP, found ${[...protocols].join(' and ') || 'neither'}`,
    };
  },
};
