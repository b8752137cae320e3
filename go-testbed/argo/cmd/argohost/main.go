// Command argohost is a real Argo Rollouts metric-provider host for the go-netrpc examples: it
// loads a metric plugin exactly as the Argo Rollouts controller does, through
// metricproviders/plugin.NewRpcPlugin → metricproviders/plugin/client (go-plugin, handshake
// ARGO_ROLLOUTS_RPC_PLUGIN=metricprovider, Dispense "RpcMetricProviderPlugin") with the plugin
// configured in an argo-rollouts-config ConfigMap (served by client-go's fake clientset), then
// calls every method of the plugin and prints one JSON report on stdout.
//
// Usage: argohost -- PLUGIN_COMMAND [ARGS...]
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	goPlugin "github.com/hashicorp/go-plugin"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes/fake"

	metricplugin "github.com/argoproj/argo-rollouts/metricproviders/plugin"
	"github.com/argoproj/argo-rollouts/pkg/apis/rollouts/v1alpha1"
	"github.com/argoproj/argo-rollouts/utils/config"
	"github.com/argoproj/argo-rollouts/utils/defaults"
)

const pluginName = "go-netrpc/ts-metric"

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "argohost: %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	args := os.Args[1:]
	if len(args) < 2 || args[0] != "--" {
		return fmt.Errorf("usage: argohost -- PLUGIN_COMMAND [ARGS...]")
	}
	// The controller runs plugins from ./plugin-bin/<namespace>/<name> relative to its working directory.
	work, err := os.MkdirTemp("", "argohost")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	if err := os.Chdir(work); err != nil {
		return err
	}
	bin := filepath.Join(defaults.DefaultRolloutPluginFolder, "go-netrpc", "ts-metric")
	if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
		return err
	}
	script := "#!/bin/sh\nexec " + shellQuote(args[1:]) + " \"$@\"\n"
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		return err
	}
	cm := &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Name: defaults.DefaultRolloutsConfigMapName, Namespace: defaults.Namespace()},
		Data:       map[string]string{"metricProviderPlugins": "- name: " + pluginName + "\n  location: file:///dev/null\n  args: [\"--answer\", \"42\"]\n"},
	}
	if _, err := config.InitializeConfig(fake.NewSimpleClientset(cm), defaults.DefaultRolloutsConfigMapName); err != nil {
		return err
	}
	defer goPlugin.CleanupClients()

	metric := v1alpha1.Metric{
		Name:     "error-rate",
		Interval: "30s",
		Provider: v1alpha1.MetricProvider{Plugin: map[string]json.RawMessage{pluginName: json.RawMessage(`{"query":"sum(rate(errors[5m]))"}`)}},
	}
	run := &v1alpha1.AnalysisRun{ObjectMeta: metav1.ObjectMeta{Name: "canary-42", Namespace: "default", Labels: map[string]string{"app": "web"}}}
	provider, err := metricplugin.NewRpcPlugin(metric)
	if err != nil {
		return err
	}
	started := metav1.NewTime(time.Date(2026, 12, 4, 10, 30, 0, 123456789, time.UTC))
	report := map[string]any{}
	report["type"] = provider.Type()
	report["metadata"] = provider.GetMetadata(metric)
	m := provider.Run(run, metric)
	report["run"] = m
	report["resume"] = provider.Resume(run, metric, v1alpha1.Measurement{Phase: v1alpha1.AnalysisPhaseRunning, StartedAt: &started, Value: "7"})
	report["terminate"] = provider.Terminate(run, metric, v1alpha1.Measurement{Phase: v1alpha1.AnalysisPhaseRunning, StartedAt: &started})
	report["gc"] = errString(provider.GarbageCollect(run, metric, 3))
	report["gcRefused"] = errString(provider.GarbageCollect(run, metric, -1))
	// Type/Run again on the same singleton client: the plugin is started once.
	report["type2"] = provider.Type()
	out, err := json.Marshal(report)
	if err != nil {
		return err
	}
	fmt.Println(string(out))
	return nil
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func shellQuote(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}
