/**
 * QuicListener for cdk8s: the gateway implementation's QUIC listener, route and settings, with the
 * load-balancer Service(s), for an existing TLS Secret.
 */
import type { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { synthesizeQuicListener, type QuicListenerOptions, type QuicListenerSynthesis } from '../core/quic-listener';
import type { Http3Report } from '../core/report';
import type { Artifact } from '../core/types';
import { addSynthesis, defaultName, servicesOf } from './_manifests';

/** props of QuicListener (cdk8s) */
export interface QuicListenerProps extends QuicListenerOptions {}

/**
 * Define what makes a gateway implementation accept QUIC on the listener port and route it to the backend:
 * its listener, route and settings, plus the load-balancer Service(s) carrying the port over UDP.
 */
export class QuicListener extends Construct {
  /** the name of the objects created */
  public readonly name: string;
  /** every object created, in order */
  public readonly apiObjects: readonly ApiObject[];
  /** the load-balancer Services kube-http3 creates (none when the implementation's controller creates it) */
  public readonly services: readonly ApiObject[];
  /** the Alt-Svc value clients receive (undefined when nothing is advertised) */
  public readonly altSvcValue?: string;
  /** what the configuration preserves and what it does not */
  public readonly report: Http3Report;
  /** files applied with other tools than kubectl */
  public readonly artifacts: readonly Artifact[];
  /** the whole core output */
  public readonly synthesis: QuicListenerSynthesis;

  public constructor(scope: Construct, id: string, props: QuicListenerProps) {
    super(scope, id);
    this.name = props.name ?? defaultName(this);
    this.synthesis = synthesizeQuicListener({ ...props, name: this.name });
    this.apiObjects = addSynthesis(this, this.synthesis);
    this.services = servicesOf(this.synthesis, this.apiObjects, this.synthesis.serviceNames);
    this.altSvcValue = this.synthesis.altSvcValue;
    this.report = this.synthesis.report;
    this.artifacts = this.synthesis.artifacts;
  }
}
