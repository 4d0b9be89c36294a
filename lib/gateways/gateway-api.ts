/**
 * Kubernetes Gateway API objects (gateway.networking.k8s.io, standard channel v1.6.1) shared by every
 * implementation that is configured through them. Gateway API has no HTTP/3 field: HTTP/3 rides on a
 * `protocol: HTTPS` listener with `tls.mode: Terminate`, turned on by each implementation's own API.
 */
import type { KubeManifest, StringMap, SynthesizedResource } from '../core/types';
import type { ListenerModel } from './gateway';

export const GATEWAY_API_GROUP = 'gateway.networking.k8s.io';
export const GATEWAY_API_VERSION = `${GATEWAY_API_GROUP}/v1`;

/** the name of the one HTTPS listener kube-http3 renders; policies target it with `sectionName` */
export const HTTPS_LISTENER_NAME = 'https';

/** the Secret of a listener that terminates TLS with one (implementations that list only 'secret' in tlsKinds()) */
export function tlsSecretName(model: ListenerModel): string {
  if (model.tls.kind !== 'secret') throw new Error(`kube-http3 bug: a ${model.tls.kind} certificate reached a listener that needs a Secret`);
  return model.tls.secretName;
}

/** a reference to a parameters object, for `spec.infrastructure.parametersRef` */
export interface ParametersRef {
  readonly group: string;
  readonly kind: string;
  readonly name: string;
}

/** an entry of `spec.addresses`: the address the Gateway is reached at (`Hostname` names an existing Service for Istio) */
export interface GatewayAddress {
  readonly type: 'IPAddress' | 'Hostname';
  readonly value: string;
}

/** a listener's `tls` block (GatewayTLSConfig) */
export interface GatewayListenerTls {
  readonly mode: 'Terminate';
  readonly certificateRefs?: ReadonlyArray<{ readonly group: string; readonly kind: string; readonly name: string }>;
  /** implementation-specific TLS options, e.g. GKE's pre-shared certificates */
  readonly options?: StringMap;
}

/** the kind of object the HTTPRoute routes to (and the ReferenceGrant grants) */
export interface BackendKind {
  readonly group: string;
  readonly kind: string;
}

/** the default backend kind: a core Service */
export const SERVICE_BACKEND: BackendKind = { group: '', kind: 'Service' };

/** what the Gateway carries besides its listener */
export interface GatewayApiGatewayOptions {
  /** `spec.infrastructure.parametersRef`: the implementation's parameters object */
  readonly parametersRef?: ParametersRef;
  /** `spec.infrastructure.annotations`: annotations for the objects the implementation generates (at most 16) */
  readonly infrastructureAnnotations?: StringMap;
  /** `spec.addresses` */
  readonly addresses?: readonly GatewayAddress[];
  /** the listener port, when it differs from the client-facing port */
  readonly listenerPort?: number;
  /** the listener `tls`, when the certificate is not the model's Secret */
  readonly listenerTls?: GatewayListenerTls;
}

/**
 * The Gateway: one HTTPS listener on the client-facing port terminating TLS with the Secret. The listener
 * `hostname` is set when there is one hostname; with several, the HTTPRoute's `hostnames` select (one
 * listener per port avoids the duplicate QUIC filter chains older implementations produced).
 */
export function gatewayApiGateway(model: ListenerModel, gatewayClassName: string, options: GatewayApiGatewayOptions = {}): KubeManifest {
  const listener = {
    name: HTTPS_LISTENER_NAME,
    protocol: 'HTTPS',
    port: options.listenerPort ?? model.port,
    ...(model.hostnames.length === 1 ? { hostname: model.hostnames[0] } : {}),
    tls: options.listenerTls ?? { mode: 'Terminate', certificateRefs: [{ group: '', kind: 'Secret', name: tlsSecretName(model) }] },
  };
  const infrastructure = {
    ...(options.infrastructureAnnotations ? { annotations: { ...options.infrastructureAnnotations } } : {}),
    ...(options.parametersRef ? { parametersRef: options.parametersRef } : {}),
  };
  return {
    apiVersion: GATEWAY_API_VERSION,
    kind: 'Gateway',
    metadata: { name: model.name, namespace: model.namespace, labels: model.labels },
    spec: {
      gatewayClassName,
      ...(options.addresses ? { addresses: options.addresses.map((a) => ({ type: a.type, value: a.value })) } : {}),
      ...(Object.keys(infrastructure).length > 0 ? { infrastructure } : {}),
      listeners: [listener],
    },
  };
}

/** the response headers the HTTPRoute sets: the Alt-Svc header kube-http3 must attach, if any */
export function altSvcResponseHeaders(model: ListenerModel): StringMap {
  return model.altSvcHeader !== undefined ? { 'alt-svc': model.altSvcHeader } : {};
}

/** the HTTPRoute from the HTTPS listener to the backend (a Service unless `backend` says otherwise), with extra response headers */
export function gatewayApiHttpRoute(model: ListenerModel, responseHeaders: StringMap = {}, backend: BackendKind = SERVICE_BACKEND): KubeManifest {
  const headers = Object.entries(responseHeaders).map(([name, value]) => ({ name, value }));
  const crossNamespace = model.backend.namespace !== model.namespace;
  return {
    apiVersion: GATEWAY_API_VERSION,
    kind: 'HTTPRoute',
    metadata: { name: model.name, namespace: model.namespace, labels: model.labels },
    spec: {
      parentRefs: [{ group: GATEWAY_API_GROUP, kind: 'Gateway', name: model.name, sectionName: HTTPS_LISTENER_NAME }],
      hostnames: [...model.hostnames],
      rules: [
        {
          ...(headers.length > 0 ? { filters: [{ type: 'ResponseHeaderModifier', responseHeaderModifier: { set: headers } }] } : {}),
          backendRefs: [
            {
              group: backend.group,
              kind: backend.kind,
              name: model.backend.service,
              ...(crossNamespace ? { namespace: model.backend.namespace } : {}),
              port: model.backend.port,
            },
          ],
        },
      ],
    },
  };
}

/** the ReferenceGrant that lets the HTTPRoute reach a backend (Service) in another namespace (undefined when not needed) */
export function gatewayApiReferenceGrant(model: ListenerModel, backend: BackendKind = SERVICE_BACKEND): KubeManifest | undefined {
  if (model.backend.namespace === model.namespace) return undefined;
  return {
    apiVersion: `${GATEWAY_API_GROUP}/v1beta1`,
    kind: 'ReferenceGrant',
    metadata: { name: `${model.name}-${model.namespace}`.slice(0, 253), namespace: model.backend.namespace, labels: model.labels },
    spec: {
      from: [{ group: GATEWAY_API_GROUP, kind: 'HTTPRoute', namespace: model.namespace }],
      to: [{ group: backend.group, kind: backend.kind, name: model.backend.service }],
    },
  };
}

/** the ReferenceGrant as a resource, when the backend is in another namespace (empty otherwise) */
export function referenceGrantResources(model: ListenerModel, backend: BackendKind = SERVICE_BACKEND): SynthesizedResource[] {
  const grant = gatewayApiReferenceGrant(model, backend);
  return grant ? [{ role: 'reference-grant', manifest: grant }] : [];
}

/** what gatewayApiResources renders besides the Gateway's own options */
export interface GatewayApiResourcesOptions extends GatewayApiGatewayOptions {
  /** the response headers the HTTPRoute sets */
  readonly responseHeaders?: StringMap;
  /** the kind of object the HTTPRoute routes to */
  readonly backend?: BackendKind;
}

/** the Gateway (primary), the HTTPRoute and the ReferenceGrant a cross-namespace backend needs, in that order */
export function gatewayApiResources(model: ListenerModel, gatewayClassName: string, options: GatewayApiResourcesOptions = {}): SynthesizedResource[] {
  return [
    { role: 'gateway', primary: true, manifest: gatewayApiGateway(model, gatewayClassName, options) },
    { role: 'route', manifest: gatewayApiHttpRoute(model, options.responseHeaders, options.backend) },
    ...referenceGrantResources(model, options.backend),
  ];
}
