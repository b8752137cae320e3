// A TypeScript host for Argo Rollouts metric-provider plugins (what the controller does through
// metricproviders/plugin/client): launch, Dispense "RpcMetricProviderPlugin", call every method.
import { GoInterface, GoTime } from 'go-netrpc/gob';
import { PluginClient } from 'go-netrpc/plugin';
import * as argo from './argo-rollouts.gen.js';

export async function measure(pluginCmd: string, pluginName: string) {
  argo.register();
  const client = new PluginClient({
    cmd: pluginCmd,
    handshake: { protocolVersion: 1, magicCookieKey: 'ARGO_ROLLOUTS_RPC_PLUGIN', magicCookieValue: 'metricprovider' },
    plugins: { RpcMetricProviderPlugin: argo.PluginService },
  });
  try {
    const plugin = await client.dispense('RpcMetricProviderPlugin');
    const Metric: argo.Metric = { Name: 'latency', Provider: { Plugin: new Map([[pluginName, new TextEncoder().encode('{"p99":true}')]]) } };
    const AnalysisRun: argo.AnalysisRun = { ObjectMeta: { Name: 'run-7', Labels: new Map([['app', 'api']]) } };
    const Measurement: argo.Measurement = { Phase: 'Running', Value: '3', StartedAt: GoTime.fromUnix(1_800_000_000, 0) };
    const args = (name: string, value: object) => new GoInterface(null, value, name); // registered by name
    return {
      init: await plugin.InitPlugin(null),
      type: await plugin.Type(null),
      metadata: await plugin.GetMetadata(args('GetMetadataArgs', { Metric })),
      run: await plugin.Run(args('RunArgs', { AnalysisRun, Metric })),
      resume: await plugin.Resume(args('TerminateAndResumeArgs', { AnalysisRun, Metric, Measurement })),
      terminate: await plugin.Terminate(args('TerminateAndResumeArgs', { AnalysisRun, Metric, Measurement })),
      gc: await plugin.GarbageCollect(args('GarbageCollectArgs', { AnalysisRun, Metric, Limit: -2 })),
    };
  } finally {
    await client.kill();
  }
}
