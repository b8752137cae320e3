// Command mmhost is a small Mattermost server for the go-netrpc examples: it loads one server
// plugin through Mattermost's real plugin environment (server/public/plugin.NewEnvironment +
// Activate: manifest, supervisor, go-plugin netrpc with the MATTERMOST_PLUGIN handshake, the
// API served back to the plugin over the MuxBroker), runs hooks the way the server does
// (MessageWillBePosted, MessagesWillBeConsumed, ExecuteCommand, ServeHTTP streamed over the
// broker) and deactivates it (OnDeactivate). The server API is a fake that implements the few
// methods the example plugin calls (GetConfig, LogInfo, KVSet, KVGet); any other API call
// fails the run. The last stdout line is a JSON report.
//
// Usage: mmhost PLUGIN_DIR PLUGIN_ID
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"

	"github.com/mattermost/mattermost/server/public/model"
	"github.com/mattermost/mattermost/server/public/plugin"
	"github.com/mattermost/mattermost/server/public/shared/mlog"
)

// fakeAPI is the server side of the plugin API; methods it does not override panic on the nil
// embedded interface (go-plugin then reports the failed call).
type fakeAPI struct {
	plugin.API
	mu   sync.Mutex
	logs []string
	kv   map[string][]byte
}

func (a *fakeAPI) GetConfig() *model.Config {
	cfg := &model.Config{}
	cfg.SetDefaults()
	site := "https://chat.example.com"
	cfg.ServiceSettings.SiteURL = &site
	return cfg
}

func (a *fakeAPI) LogInfo(msg string, keyValuePairs ...any) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.logs = append(a.logs, strings.TrimSpace(fmt.Sprintln(append([]any{msg}, keyValuePairs...)...)))
}

func (a *fakeAPI) KVSet(key string, value []byte) *model.AppError {
	a.mu.Lock()
	defer a.mu.Unlock()
	if key == "" {
		return model.NewAppError("KVSet", "plugin.api.kv_set.empty_key", nil, "empty key", http.StatusBadRequest)
	}
	a.kv[key] = value
	return nil
}

func (a *fakeAPI) KVGet(key string) ([]byte, *model.AppError) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.kv[key], nil
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: mmhost PLUGIN_DIR PLUGIN_ID")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintf(os.Stderr, "mmhost: %v\n", err)
		os.Exit(1)
	}
}

func run(dir, id string) error {
	logger, err := mlog.NewLogger()
	if err != nil {
		return err
	}
	// Plugin stderr and supervisor messages go to our stderr (the test shows them on failure).
	if err := logger.Configure("", `{"console":{"Type":"console","Format":"plain","Levels":[{"ID":5,"Name":"debug"},{"ID":4,"Name":"info"},{"ID":3,"Name":"warn"},{"ID":2,"Name":"error"}],"Options":{"Out":"stderr"},"MaxQueueSize":1000}}`, nil); err != nil {
		return err
	}
	defer logger.Shutdown()
	api := &fakeAPI{kv: map[string][]byte{}}
	env, err := plugin.NewEnvironment(func(*model.Manifest) plugin.API { return api }, nil, dir, dir, logger, nil)
	if err != nil {
		return err
	}
	report := map[string]any{}
	manifest, activated, err := env.Activate(id)
	if err != nil {
		return fmt.Errorf("activate: %w", err)
	}
	report["activated"] = activated
	report["manifestVersion"] = manifest.Version
	hooks, err := env.HooksForPlugin(id)
	if err != nil {
		return err
	}
	ctx := &plugin.Context{SessionId: "s1", RequestId: "r1", UserAgent: "mmhost"}

	post := &model.Post{Id: "p1", ChannelId: "town-square", UserId: "u1", Message: "hello from go", Hashtags: "#go"}
	post.AddProp("from_bot", "false")
	posted, reason := hooks.MessageWillBePosted(ctx, post)
	report["posted"] = posted
	report["postedReason"] = reason
	rejected, reason := hooks.MessageWillBePosted(ctx, &model.Post{Id: "p2", Message: "spam offer"})
	report["rejected"] = rejected
	report["rejectedReason"] = reason

	consumed := hooks.MessagesWillBeConsumed([]*model.Post{{Id: "c1", Message: "one"}, {Id: "c2", Message: "secret two"}})
	report["consumed"] = consumed

	resp, appErr := hooks.ExecuteCommand(ctx, &model.CommandArgs{UserId: "u1", ChannelId: "town-square", Command: "/echo hi there"})
	report["command"] = resp
	report["commandErr"] = appErr
	_, appErr = hooks.ExecuteCommand(ctx, &model.CommandArgs{Command: "/nope"})
	report["unknownCommandErr"] = appErr

	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/plugins/"+id+"/hello?name=Gopher", strings.NewReader("ping body"))
	hooks.ServeHTTP(ctx, rec, req)
	body, _ := io.ReadAll(rec.Result().Body)
	report["http"] = map[string]any{"status": rec.Code, "header": rec.Header().Get("X-Plugin"), "contentType": rec.Header().Get("Content-Type"), "body": string(body)}

	report["deactivated"] = env.Deactivate(id)
	env.Shutdown()
	api.mu.Lock()
	report["logs"] = api.logs
	kv := map[string]string{}
	for k, v := range api.kv {
		kv[k] = string(v)
	}
	report["kv"] = kv
	api.mu.Unlock()
	out, err := json.Marshal(report)
	if err != nil {
		return err
	}
	fmt.Println(string(out))
	return nil
}
