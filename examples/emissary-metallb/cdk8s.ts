/**
 * The Emissary-on-MetalLB example as a cdk8s chart.
 */
import { ApiObject, App, Chart } from 'cdk8s';
import { Http3Gateway } from 'kube-http3/cdk8s';
import { demoManifests, echoGateway } from './props';

/** add the example's chart to the app */
export function emissaryMetallb(app: App): Chart {
  const chart = new Chart(app, 'emissary-metallb');
  demoManifests.forEach((manifest) => new ApiObject(chart, `${manifest.kind}-${manifest.metadata.name}`, manifest));
  new Http3Gateway(chart, 'echo', echoGateway);
  return chart;
}
