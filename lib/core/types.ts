/**
 * Shared types of the synthesis core: plain Kubernetes manifests, the artifacts applied with other tools,
 * and the output every core synthesis function returns.
 */
import type { Http3Report } from './report';

/** object metadata as kube-http3 emits it: always an explicit name, and a namespace for namespaced kinds */
export interface ManifestMetadata {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

/** a plain Kubernetes object (JSON-compatible: no class instances, no undefined-only keys that matter) */
export interface KubeManifest {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: ManifestMetadata;
  readonly [field: string]: unknown;
}

/**
 * A manifest with its role in the construct.
 *
 * The role is part of the public contract: the cdk8s adapter derives the child id from it (`Resource` for
 * the primary one) and the Pulumi adapter names the child `${name}-${role}`. Changing a role replaces the
 * resource, so roles never change once released.
 */
export interface SynthesizedResource {
  /** kebab-case role, unique within one construct, e.g. `service`, `service-udp`, `gateway`, `route` */
  readonly role: string;
  /** true for the one resource that is the construct's primary child (cdk8s id `Resource`) */
  readonly primary?: boolean;
  readonly manifest: KubeManifest;
}

/** the tool a user applies an artifact with (artifacts are never applied with kubectl) */
export enum ArtifactTool {
  /** `istioctl install -f <file>` (IstioOperator is istioctl input, not a cluster resource) */
  ISTIOCTL = 'istioctl',
  /** `helm install/upgrade -f <file>` */
  HELM = 'helm',
  /** a DNS zone file fragment, loaded by the DNS server or pasted into the provider */
  ZONE_FILE = 'zone-file',
  /** a JSON payload for a DNS provider API */
  DNS_API = 'dns-api',
  /** a static configuration file or command-line flags of the proxy */
  PROXY_CONFIG = 'proxy-config',
}

/** a file applied with another tool than kubectl: istioctl overlays, Helm values, zone files, DNS API payloads */
export interface Artifact {
  /** file name, unique within one construct, prefixed with the construct's name, e.g. `shop.istiod-values.yaml` */
  readonly fileName: string;
  readonly tool: ArtifactTool;
  /** one line saying which tool applies the file and how (written as the file's first comment line) */
  readonly header: string;
  /** the file body (without the header) */
  readonly content: string;
}

/** what every core synthesis function returns: the manifests, the artifacts, and the report */
export interface Synthesis {
  /** the Kubernetes objects, in a stable order, to apply with `kubectl apply --server-side` */
  readonly resources: readonly SynthesizedResource[];
  /** the files applied with other tools */
  readonly artifacts: readonly Artifact[];
  /** what this configuration preserves and what it does not */
  readonly report: Http3Report;
}

/** a string-keyed map of labels or annotations */
export type StringMap = Readonly<Record<string, string>>;
