/**
 * The Envoy-Gateway-on-kind example as a cdk8s chart.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { Http3Gateway } from 'kube-http3/cdk8s';
import { demoManifests, shopGateway } from './props';

/** add the example's chart to the app */
export function envoyGatewayKind(app: App): Chart {
  const chart = new Chart(app, 'envoy-gateway-kind');
  demoManifests.forEach((manifest) => new ApiObject(chart, `${manifest.kind}-${manifest.metadata.name}`, manifest));
  new Http3Gateway(chart, 'shop', shopGateway);
  return chart;
}
