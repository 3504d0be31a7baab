package accesspolicytest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// TestFastPath_CreatesAndReadsAsTheFramework sends the same creates and
// reads through the framework and through the fast path, against the
// emulator, and requires the same states and diagnostics (test ids aside).
func TestFastPath_CreatesAndReadsAsTheFramework(t *testing.T) {
	ctx := context.Background()
	emu := emulator.New(emulator.Options{})
	emu.SetCompleteAfterPolls(0)
	api := httptest.NewServer(emu)
	defer api.Close()
	c, err := client.New(client.Config{BaseURL: api.URL + "/client/v4", APIToken: "t", RequestsPerSecond: 1000, RetryWaitMin: time.Millisecond, RetryWaitMax: 5 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	framework, fast := bothPaths(t, c)
	typ := fast.shape().typ
	null := tftypes.NewValue(typ, nil)
	config := func(policies string, more map[string]tftypes.Value) tftypes.Value {
		return with(t, typ, `{"account_id": "0123456789abcdef0123456789abcdef", "policies": `+policies+`}`, more)
	}
	create := func(server tfprotov6.ProviderServer, cfg tftypes.Value) *tfprotov6.ApplyResourceChangeResponse {
		t.Helper()
		planned, err := framework.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{TypeName: resourceTypeName,
			Config: dynamic(t, typ, cfg), ProposedNewState: dynamic(t, typ, cfg), PriorState: dynamic(t, typ, null)})
		if err != nil || len(planned.Diagnostics) > 0 {
			t.Fatalf("plan: %v %v", err, planned.Diagnostics)
		}
		resp, err := server.ApplyResourceChange(ctx, &tfprotov6.ApplyResourceChangeRequest{TypeName: resourceTypeName,
			Config: dynamic(t, typ, cfg), PlannedState: planned.PlannedState, PriorState: dynamic(t, typ, null)})
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	read := func(server tfprotov6.ProviderServer, state *tfprotov6.DynamicValue) *tfprotov6.ReadResourceResponse {
		t.Helper()
		resp, err := server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: resourceTypeName, CurrentState: state})
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	forbidden := &emulator.Fault{Kind: emulator.FaultStatus, Status: http.StatusForbidden}

	creates := map[string]struct {
		config tftypes.Value
		fault  *emulator.Fault
	}{
		"complete":      {config(minimalPolicies, nil), nil},
		"every field":   {config("["+fullInline+"]", nil), nil},
		"no wait":       {config(minimalPolicies, map[string]tftypes.Value{"wait_for_completion": tftypes.NewValue(tftypes.Bool, false)}), nil},
		"rejected":      {config(`[{"name": "p", "decision": "allow", "include": [{"everyone": {}}]}, {"id": "00000000-0000-4000-8000-000000000000"}]`, nil), nil},
		"forbidden":     {config(minimalPolicies, nil), forbidden},
		"status denied": {config(minimalPolicies, nil), &emulator.Fault{Kind: emulator.FaultStatus, Status: http.StatusForbidden, Method: http.MethodGet}},
	}
	for name, tc := range creates {
		t.Run("create "+name, func(t *testing.T) {
			var responses []*tfprotov6.ApplyResourceChangeResponse
			for _, server := range []tfprotov6.ProviderServer{framework, fast} {
				if tc.fault != nil {
					emu.InjectFault(*tc.fault)
				}
				responses = append(responses, create(server, tc.config))
			}
			if fast.answered.creates.Load() == 0 {
				t.Fatal("the fast path did not answer")
			}
			gotID, wantID := createdID(t, typ, responses[1]), createdID(t, typ, responses[0])
			for _, d := range responses[1].Diagnostics {
				d.Detail = strings.ReplaceAll(d.Detail, gotID, wantID)
			}
			compareDiagnostics(t, responses[1].Diagnostics, responses[0].Diagnostics)
			compareStates(t, typ, responses[1].NewState, responses[0].NewState)
		})
	}

	settled := create(framework, config("["+fullInline+"]", nil)).NewState
	gone := create(framework, config(minimalPolicies, nil)).NewState
	goneValue, _ := gone.Unmarshal(typ)
	emu.Forget(stringAttribute(goneValue, "id"))
	reads := map[string]struct {
		state *tfprotov6.DynamicValue
		fault *emulator.Fault
	}{
		"settled":   {settled, nil},
		"gone":      {gone, nil},
		"forbidden": {settled, forbidden},
	}
	for name, tc := range reads {
		t.Run("read "+name, func(t *testing.T) {
			before := fast.answered.reads.Load()
			var responses []*tfprotov6.ReadResourceResponse
			for _, server := range []tfprotov6.ProviderServer{framework, fast} {
				if tc.fault != nil {
					emu.InjectFault(*tc.fault)
				}
				responses = append(responses, read(server, tc.state))
			}
			if fast.answered.reads.Load() == before {
				t.Fatal("the fast path did not answer")
			}
			compareDiagnostics(t, responses[1].Diagnostics, responses[0].Diagnostics)
			compareStates(t, typ, responses[1].NewState, responses[0].NewState)
		})
	}
}

func createdID(t *testing.T, typ tftypes.Type, resp *tfprotov6.ApplyResourceChangeResponse) string {
	t.Helper()
	state, err := resp.NewState.Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	if state.IsNull() {
		return "no test started"
	}
	return stringAttribute(state, "id")
}

// compareStates requires equal values once the fast path's test id is
// replaced by the framework's (each create starts its own test).
func compareStates(t *testing.T, typ tftypes.Type, got, want *tfprotov6.DynamicValue) {
	t.Helper()
	gotValue, err1 := got.Unmarshal(typ)
	wantValue, err2 := want.Unmarshal(typ)
	if err1 != nil || err2 != nil {
		t.Fatalf("decoding states: %v %v", err1, err2)
	}
	if !gotValue.IsNull() && !wantValue.IsNull() {
		gotValue = overwrite(t, gotValue, map[string]tftypes.Value{"id": fieldOf(t, wantValue, "id")})
	}
	if !gotValue.Equal(wantValue) {
		t.Errorf("state differs from the framework's:\n got  %s\n want %s", gotValue, wantValue)
	}
}

func compareDiagnostics(t *testing.T, got, want []*tfprotov6.Diagnostic) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d diagnostics, the framework %d: %v / %v", len(got), len(want), got, want)
	}
	for i := range got {
		g, w := got[i], want[i]
		samePath := (g.Attribute == nil) == (w.Attribute == nil) && (g.Attribute == nil || g.Attribute.Equal(w.Attribute))
		if g.Severity != w.Severity || g.Summary != w.Summary || g.Detail != w.Detail || !samePath {
			t.Errorf("diagnostic %d:\n got  %v %q %q at %v\n want %v %q %q at %v", i,
				g.Severity, g.Summary, g.Detail, g.Attribute, w.Severity, w.Summary, w.Detail, w.Attribute)
		}
	}
}

func TestFastPath_UpgradesAsTheFramework(t *testing.T) {
	ctx := context.Background()
	framework, fast := bothPaths(t, nil)
	typ := fast.shape().typ
	states := map[string]string{
		"settled": `{"account_id": "0123456789abcdef0123456789abcdef", "id": "t1", "status": "complete", "total_users": 16,
			"wait_for_completion": true, "policies": ` + fullPolicies + `}`,
		"attribute of an older version": `{"account_id": "0123456789abcdef0123456789abcdef", "id": "t1", "removed_attribute": 1,
			"policies": ` + minimalPolicies + `}`,
		"not this schema": `{"policies": "not a list"}`,
	}
	for name, raw := range states {
		t.Run(name, func(t *testing.T) {
			req := &tfprotov6.UpgradeResourceStateRequest{TypeName: resourceTypeName, RawState: &tfprotov6.RawState{JSON: []byte(raw)}}
			want, err1 := framework.UpgradeResourceState(ctx, req)
			got, err2 := fast.UpgradeResourceState(ctx, req)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			compareDiagnostics(t, got.Diagnostics, want.Diagnostics)
			if want.UpgradedState == nil || got.UpgradedState == nil {
				if want.UpgradedState != got.UpgradedState {
					t.Fatalf("upgraded state %v, the framework %v", got.UpgradedState, want.UpgradedState)
				}
				return
			}
			compareStates(t, typ, got.UpgradedState, want.UpgradedState)
		})
	}
	if fast.answered.upgrades.Load() != 2 {
		t.Fatalf("the fast path answered %d upgrades, want 2", fast.answered.upgrades.Load())
	}
}
