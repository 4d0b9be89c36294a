/**
 * Synthesis benchmark: `npm run bench`. Measures how long the core takes to synthesize an Http3Gateway
 * (per implementation and provider) and how much heap it keeps, so speed and memory claims come from here,
 * never from a timed test.
 */
import { synthesizeHttp3Gateway, type Http3GatewayOptions } from '../lib/core/http3-gateway';

const base: Omit<Http3GatewayOptions, 'gateway' | 'provider'> = {
  name: 'shop',
  namespace: 'shop',
  hostnames: ['shop.example.org', 'www.shop.example.org'],
  backend: { service: 'shop', port: 8080 },
  tls: { certManager: { issuer: 'letsencrypt', kind: 'ClusterIssuer' } },
};

const cases: Array<[string, Http3GatewayOptions]> = [
  ['istio + metallb', { ...base, gateway: 'istio', provider: { name: 'metallb', address: '192.0.2.10' } }],
  ['istio + metallb two-services', { ...base, gateway: 'istio', provider: { name: 'metallb', mixedProtocol: 'two-services', address: '192.0.2.10' } }],
  ['envoy-gateway + aws-lbc', { ...base, gateway: 'envoy-gateway', provider: { name: 'aws-lbc', scheme: 'internet-facing' } }],
  ['envoy-gateway + kind', { ...base, gateway: 'envoy-gateway', provider: 'kind' }],
];

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 5000);

/** time ITERATIONS syntheses and measure the heap their results keep alive */
function measure(options: Http3GatewayOptions): { microseconds: number; retainedKiB?: number } {
  for (let i = 0; i < ITERATIONS / 10; i++) synthesizeHttp3Gateway(options);
  global.gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const kept: unknown[] = [];
  const start = process.hrtime.bigint();
  for (let i = 0; i < ITERATIONS; i++) kept.push(synthesizeHttp3Gateway(options));
  const ns = Number(process.hrtime.bigint() - start);
  global.gc?.();
  const retained = (process.memoryUsage().heapUsed - heapBefore) / 1024 / kept.length;
  return { microseconds: ns / ITERATIONS / 1000, retainedKiB: global.gc ? retained : undefined };
}

function run(): void {
  console.log(`node ${process.version}, ${ITERATIONS} iterations per case (after ${ITERATIONS / 10} warm-up)`);
  console.log('case                          | µs/synthesis | syntheses/s | retained KiB/synthesis');
  for (const [name, options] of cases) {
    const { microseconds, retainedKiB } = measure(options);
    const retained = retainedKiB === undefined ? 'run with --expose-gc' : retainedKiB.toFixed(1);
    console.log(`${name.padEnd(29)} | ${microseconds.toFixed(1).padStart(12)} | ${Math.round(1e6 / microseconds).toString().padStart(11)} | ${retained.padStart(22)}`);
  }
}

run();
