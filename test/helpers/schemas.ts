/**
 * Schema validation of every manifest the tests synthesize, against the published schemas of the
 * @kubernetes-models/* packages (one major line: base 6 / validate 5, so they share one ajv registry).
 *
 * A kind without a published schema here is a test failure, not a skip: add it to KNOWN below (or to
 * UNPUBLISHED with the reason) so nothing goes unchecked silently. The strict upstream validator in
 * ../shared/tools checks dist/ in CI on top of this.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';

interface Model {
  new (data: unknown): { validate(): void };
}

// the packages are ESM-only: jest loads them through test/helpers/jest-resolver.js (tsc's node16 check would
// refuse a static import from this CommonJS file, so they are required by name)
function model(module: string, name: string): Model {
  return (require(module) as Record<string, Model>)[name];
}

const Service = model('kubernetes-models/v1/Service', 'Service');
const Secret = model('kubernetes-models/v1/Secret', 'Secret');
const ConfigMap = model('kubernetes-models/v1/ConfigMap', 'ConfigMap');
const GatewayApiGateway = model('@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway', 'Gateway');
const HTTPRoute = model('@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute', 'HTTPRoute');
const ReferenceGrant = model('@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1beta1/ReferenceGrant', 'ReferenceGrant');
const IstioGateway = model('@kubernetes-models/istio/networking.istio.io/v1/Gateway', 'Gateway');
const VirtualService = model('@kubernetes-models/istio/networking.istio.io/v1/VirtualService', 'VirtualService');
const DestinationRule = model('@kubernetes-models/istio/networking.istio.io/v1/DestinationRule', 'DestinationRule');
const ClientTrafficPolicy = model('@kubernetes-models/envoy-gateway/gateway.envoyproxy.io/v1alpha1/ClientTrafficPolicy', 'ClientTrafficPolicy');
const EnvoyProxy = model('@kubernetes-models/envoy-gateway/gateway.envoyproxy.io/v1alpha1/EnvoyProxy', 'EnvoyProxy');
const BackendTrafficPolicy = model('@kubernetes-models/envoy-gateway/gateway.envoyproxy.io/v1alpha1/BackendTrafficPolicy', 'BackendTrafficPolicy');
const Certificate = model('@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate', 'Certificate');
const Namespace = model('kubernetes-models/v1/Namespace', 'Namespace');
const Deployment = model('kubernetes-models/apps/v1/Deployment', 'Deployment');
const Ingress = model('kubernetes-models/networking.k8s.io/v1/Ingress', 'Ingress');
const GatewayClass = model('@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/GatewayClass', 'GatewayClass');
const UDPRoute = model('@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1alpha2/UDPRoute', 'UDPRoute');
const TLSRoute = model('@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1alpha2/TLSRoute', 'TLSRoute');
const IngressRoute = model('@kubernetes-models/traefik/traefik.io/v1alpha1/IngressRoute', 'IngressRoute');
const IngressRouteUDP = model('@kubernetes-models/traefik/traefik.io/v1alpha1/IngressRouteUDP', 'IngressRouteUDP');
const Middleware = model('@kubernetes-models/traefik/traefik.io/v1alpha1/Middleware', 'Middleware');

/** the published model of each apiVersion/kind kube-http3 emits */
const KNOWN: Record<string, Model> = {
  'v1/Service': Service,
  'v1/Secret': Secret,
  'v1/ConfigMap': ConfigMap,
  'gateway.networking.k8s.io/v1/Gateway': GatewayApiGateway,
  'gateway.networking.k8s.io/v1/HTTPRoute': HTTPRoute,
  'gateway.networking.k8s.io/v1beta1/ReferenceGrant': ReferenceGrant,
  'networking.istio.io/v1/Gateway': IstioGateway,
  'networking.istio.io/v1/VirtualService': VirtualService,
  'networking.istio.io/v1/DestinationRule': DestinationRule,
  'gateway.envoyproxy.io/v1alpha1/ClientTrafficPolicy': ClientTrafficPolicy,
  'gateway.envoyproxy.io/v1alpha1/EnvoyProxy': EnvoyProxy,
  'gateway.envoyproxy.io/v1alpha1/BackendTrafficPolicy': BackendTrafficPolicy,
  'cert-manager.io/v1/Certificate': Certificate,
  'v1/Namespace': Namespace,
  'apps/v1/Deployment': Deployment,
  'networking.k8s.io/v1/Ingress': Ingress,
  'gateway.networking.k8s.io/v1/GatewayClass': GatewayClass,
  'gateway.networking.k8s.io/v1alpha2/UDPRoute': UDPRoute,
  'gateway.networking.k8s.io/v1alpha2/TLSRoute': TLSRoute,
  'traefik.io/v1alpha1/IngressRoute': IngressRoute,
  'traefik.io/v1alpha1/IngressRouteUDP': IngressRouteUDP,
  'traefik.io/v1alpha1/Middleware': Middleware,
};

/** kinds with no schema on the npm registry, and why (they are still checked by the strict validator in CI) */
export const UNPUBLISHED: Record<string, string> = {
  'getambassador.io/v3alpha1/Listener': 'no @kubernetes-models package for Emissary-ingress',
  'getambassador.io/v3alpha1/Host': 'no @kubernetes-models package for Emissary-ingress',
  'getambassador.io/v3alpha1/Mapping': 'no @kubernetes-models package for Emissary-ingress',
  'metallb.io/v1beta1/IPAddressPool': 'no @kubernetes-models package for MetalLB',
  'metallb.io/v1beta1/L2Advertisement': 'no @kubernetes-models package for MetalLB',
};

/** the problems of one manifest against its published schema (empty when valid) */
export function schemaProblems(manifest: { apiVersion?: unknown; kind?: unknown }): string[] {
  const key = `${manifest.apiVersion}/${manifest.kind}`;
  if (key in UNPUBLISHED) return [];
  const model = KNOWN[key];
  if (!model) return [`${key}: no published schema registered in test/helpers/schemas.ts`];
  try {
    new model(manifest).validate();
    return [];
  } catch (e) {
    return [`${key} ${(manifest as { metadata?: { name?: string } }).metadata?.name}: ${(e as Error).message}`];
  }
}

/** assert that every manifest is valid against its published schema */
export function expectSchemaValid(manifests: ReadonlyArray<{ apiVersion?: unknown; kind?: unknown }>): void {
  const problems = manifests.flatMap(schemaProblems);
  expect(problems).toEqual([]);
}

/** the strict upstream validator (an apiserver model with the upstream CRDs), shipped beside the project in ../shared */
export const STRICT_VALIDATOR = resolve(__dirname, '../../../shared/tools/validate-manifests/run');

/**
 * Assert that the manifests pass the strict upstream validator (unknown fields, CEL rules, Service
 * semantics), as `kubectl apply --server-side` against a real apiserver would. Missing validator: a
 * failure under CI, a warning on a developer machine.
 */
export function expectStrictlyValid(manifests: readonly object[], options: { readonly gatewayApiChannel?: 'standard' | 'experimental' } = {}): void {
  if (!existsSync(STRICT_VALIDATOR)) {
    if (process.env.CI) throw new Error(`the strict validator is missing at ${STRICT_VALIDATOR}: CI needs ../shared beside the project`);
    console.warn(`strict validator not found at ${STRICT_VALIDATOR}: manifests checked against published schemas only`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'kube-http3-strict-'));
  const file = join(dir, 'manifests.yaml');
  writeFileSync(file, manifests.map((m) => stringify(m)).join('---\n'));
  const args = [file, '--server-side', '--json', '--gateway-api-channel', options.gatewayApiChannel ?? 'standard'];
  const run = spawnSync(STRICT_VALIDATOR, args, { encoding: 'utf8' });
  rmSync(dir, { recursive: true, force: true });
  let report: { errors: number; results: Array<{ kind?: string; name?: string; problems: Array<{ severity?: string; path?: string; message: string }> }> };
  try {
    report = JSON.parse(run.stdout);
  } catch {
    throw new Error(`the strict validator did not answer with JSON (exit ${run.status}): ${run.stderr}${run.stdout}`);
  }
  const errors = report.results.flatMap((r) =>
    r.problems.filter((p) => p.severity !== 'warning').map((p) => `${r.kind}/${r.name}: ${p.path ?? ''}: ${p.message}`));
  expect(errors).toEqual([]);
  expect(report.errors).toBe(0);
}

/**
 * Collects the manifests a test file synthesizes: each batch is checked against the published schemas when
 * added (so the failing test is the one that produced it), and the whole collection goes through the strict
 * validator once, in the file's last test (one validator process per file).
 */
export class ManifestCollector {
  private readonly manifests: object[] = [];

  /** check a batch against the published schemas and keep it for the strict run; returns the batch */
  public add<T extends object>(batch: readonly T[], options: { readonly strict?: boolean } = {}): readonly T[] {
    expectSchemaValid(batch as ReadonlyArray<{ apiVersion?: unknown; kind?: unknown }>);
    if (options.strict ?? true) this.manifests.push(...batch);
    return batch;
  }

  /** how many manifests were collected */
  public get size(): number {
    return this.manifests.length;
  }

  /** run the strict validator over everything collected (call it in the file's last test) */
  public expectStrictlyValid(options: { readonly gatewayApiChannel?: 'standard' | 'experimental' } = {}): void {
    expect(this.manifests.length).toBeGreaterThan(0);
    expectStrictlyValid(this.manifests, options);
  }
}
