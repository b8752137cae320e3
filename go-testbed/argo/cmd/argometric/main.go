// Command argometric is a Go Argo Rollouts metric-provider plugin built with Argo Rollouts' own
// plugin package (metricproviders/plugin/rpc.RpcMetricProviderPlugin served by go-plugin), for
// the go-netrpc example whose TypeScript host drives it. Its answers are deterministic functions
// of the arguments so the TypeScript side can check every field crossed the wire.
package main

import (
	"fmt"
	"time"

	goPlugin "github.com/hashicorp/go-plugin"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/argoproj/argo-rollouts/metricproviders/plugin/rpc"
	"github.com/argoproj/argo-rollouts/pkg/apis/rollouts/v1alpha1"
	"github.com/argoproj/argo-rollouts/utils/plugin/types"
)

type metricPlugin struct{ inits int }

func (p *metricPlugin) InitPlugin() types.RpcError {
	p.inits++
	return types.RpcError{}
}

func (p *metricPlugin) Run(run *v1alpha1.AnalysisRun, metric v1alpha1.Metric) v1alpha1.Measurement {
	at := metav1.NewTime(time.Date(2026, 12, 4, 10, 30, 0, 123456789, time.UTC))
	return v1alpha1.Measurement{
		Phase:     v1alpha1.AnalysisPhaseSuccessful,
		Value:     fmt.Sprintf("%s/%s", run.Name, metric.Name),
		StartedAt: &at,
		Metadata:  map[string]string{"config": string(metric.Provider.Plugin["go-netrpc/go-metric"]), "app": run.Labels["app"]},
	}
}

func (p *metricPlugin) Resume(run *v1alpha1.AnalysisRun, metric v1alpha1.Metric, m v1alpha1.Measurement) v1alpha1.Measurement {
	m.Phase = v1alpha1.AnalysisPhaseSuccessful
	m.Message = "resumed " + m.Value
	if m.StartedAt != nil {
		finished := metav1.NewTime(m.StartedAt.Add(90 * time.Second))
		m.FinishedAt = &finished
	}
	return m
}

func (p *metricPlugin) Terminate(run *v1alpha1.AnalysisRun, metric v1alpha1.Metric, m v1alpha1.Measurement) v1alpha1.Measurement {
	m.Phase = v1alpha1.AnalysisPhaseFailed
	m.Message = "terminated"
	return m
}

func (p *metricPlugin) GarbageCollect(run *v1alpha1.AnalysisRun, metric v1alpha1.Metric, limit int) types.RpcError {
	if limit < 0 {
		return types.RpcError{ErrorString: fmt.Sprintf("limit %d < 0", limit)}
	}
	return types.RpcError{}
}

func (p *metricPlugin) Type() string { return "GoMetric" }

func (p *metricPlugin) GetMetadata(metric v1alpha1.Metric) map[string]string {
	return map[string]string{"metric": metric.Name, "inits": fmt.Sprint(p.inits)}
}

func main() {
	goPlugin.Serve(&goPlugin.ServeConfig{
		HandshakeConfig: goPlugin.HandshakeConfig{ProtocolVersion: 1, MagicCookieKey: "ARGO_ROLLOUTS_RPC_PLUGIN", MagicCookieValue: "metricprovider"},
		Plugins:         map[string]goPlugin.Plugin{"RpcMetricProviderPlugin": &rpc.RpcMetricProviderPlugin{Impl: &metricPlugin{}}},
	})
}
