package accesspolicytest

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
)

// testProvider serves the resource alone, with the given client (none for
// plans, which need none).
type testProvider struct{ client *client.Client }

func (testProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "cloudflarezt"
}
func (testProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}
func (p testProvider) Configure(_ context.Context, _ provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	if p.client != nil {
		resp.ResourceData = NewResourceData(p.client)
	}
}
func (testProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{NewResource}
}
func (testProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }

// bothPaths are the framework alone and the fast path over another instance
// of it, configured alike.
func bothPaths(t testing.TB, c *client.Client) (framework tfprotov6.ProviderServer, fast *fastServer) {
	t.Helper()
	framework = providerserver.NewProtocol6(testProvider{c})()
	data := NewResourceData(c)
	fast = WithFastPath(providerserver.NewProtocol6(testProvider{c})(), func() *ResourceData { return data }).(*fastServer)
	empty, err := tfprotov6.NewDynamicValue(tftypes.Object{}, tftypes.NewValue(tftypes.Object{}, map[string]tftypes.Value{}))
	if err != nil {
		t.Fatal(err)
	}
	for _, server := range []tfprotov6.ProviderServer{framework, fast} {
		resp, err := server.ConfigureProvider(context.Background(), &tfprotov6.ConfigureProviderRequest{Config: &empty})
		if err != nil || len(resp.Diagnostics) > 0 {
			t.Fatalf("ConfigureProvider: %v %v", err, resp.Diagnostics)
		}
	}
	if fast.shape() == nil || !fast.shape().plans {
		t.Fatal("the fast path is disabled for this schema")
	}
	return framework, fast
}

const (
	minimalPolicies = `[{"name": "p", "decision": "allow", "include": [{"everyone": {}}]}]`
	fullPolicies    = `[{"id": "f174e90a-fafe-4643-bbbc-4a0ed4fc8415"}, ` + fullInline + `]`
	fullInline      = `{"name": "full", "decision": "allow",
   "include": [{"email_domain": {"domain": "example.com"}}, {"group": {"id": "g1"}}],
   "exclude": [{"geo": {"country_code": "KP"}}],
   "require": [{"auth_method": {"auth_method": "mfa"}}],
   "approval_required": true, "approval_groups": [{"approvals_needed": 1, "email_addresses": ["a@example.com"]}],
   "isolation_required": false, "purpose_justification_required": true, "purpose_justification_prompt": "why?",
   "session_duration": "24h",
   "connection_rules": {"rdp": {"allowed_clipboard_local_to_remote_formats": ["text"]}},
   "mfa_config": {"allowed_authenticators": ["totp"], "mfa_disabled": false, "session_duration": "12h"}}`
)

type planCase struct {
	config, proposed, prior tftypes.Value
	fast                    bool // whether the fast path must answer
}

func TestFastPlan_AnswersAsTheFramework(t *testing.T) {
	ctx := context.Background()
	framework, fast := bothPaths(t, nil)
	shape := fast.shape()
	if !slices.Equal(sortedCopy(shape.unknown), []string{"id", "percent_approved", "percent_blocked", "percent_errored",
		"percent_users_processed", "status", "total_users", "users_approved", "users_blocked", "users_errored"}) {
		t.Fatalf("computed attributes unknown on create: %v", shape.unknown)
	}
	typ := shape.typ
	null := tftypes.NewValue(typ, nil)
	config := func(policies string, more map[string]tftypes.Value) tftypes.Value {
		return with(t, typ, `{"account_id": "0123456789abcdef0123456789abcdef", "policies": `+policies+`}`, more)
	}
	settled := func(c tftypes.Value, status string, wait bool) tftypes.Value {
		return overwrite(t, c, map[string]tftypes.Value{
			"id": tftypes.NewValue(tftypes.String, "t1"), "status": tftypes.NewValue(tftypes.String, status),
			"wait_for_completion": tftypes.NewValue(tftypes.Bool, wait),
			"total_users":         tftypes.NewValue(tftypes.Number, 16), "users_approved": tftypes.NewValue(tftypes.Number, 15),
			"users_blocked": tftypes.NewValue(tftypes.Number, 1), "users_errored": tftypes.NewValue(tftypes.Number, 0),
			"percent_approved": tftypes.NewValue(tftypes.Number, 94), "percent_blocked": tftypes.NewValue(tftypes.Number, 6),
			"percent_errored": tftypes.NewValue(tftypes.Number, 0), "percent_users_processed": tftypes.NewValue(tftypes.Number, 100),
		})
	}
	unknown := func(attr string) map[string]tftypes.Value {
		return map[string]tftypes.Value{attr: tftypes.NewValue(typ.AttributeTypes[attr], tftypes.UnknownValue)}
	}
	noWait := map[string]tftypes.Value{"wait_for_completion": tftypes.NewValue(tftypes.Bool, false)}
	extras := map[string]tftypes.Value{
		"triggers": tftypes.NewValue(tftypes.Map{ElementType: tftypes.String}, map[string]tftypes.Value{"v": tftypes.NewValue(tftypes.String, "1")}),
		"timeouts": tftypes.NewValue(typ.AttributeTypes["timeouts"], map[string]tftypes.Value{"create": tftypes.NewValue(tftypes.String, "5m")}),
	}

	minimal, full := config(minimalPolicies, nil), config(fullPolicies, extras)
	fullNoWait := config(fullPolicies, noWait)
	imported := overwrite(t, settled(minimal, "complete", true), map[string]tftypes.Value{"policies": tftypes.NewValue(typ.AttributeTypes["policies"], nil)})
	cases := map[string]planCase{
		"create":                      {minimal, minimal, null, true},
		"create, every field":         {full, full, null, true},
		"create, no wait":             {fullNoWait, fullNoWait, null, true},
		"create, policies unknown":    {config(minimalPolicies, unknown("policies")), config(minimalPolicies, unknown("policies")), null, true},
		"create, wait unknown":        {config(minimalPolicies, unknown("wait_for_completion")), config(minimalPolicies, unknown("wait_for_completion")), null, true},
		"unchanged, complete":         {minimal, settled(minimal, "complete", true), settled(minimal, "complete", true), true},
		"unchanged, blocked":          {full, settled(full, "blocked", true), settled(full, "blocked", true), true},
		"unchanged, unknown status":   {minimal, settled(minimal, "paused", true), settled(minimal, "paused", true), true},
		"unchanged, running, no wait": {fullNoWait, settled(fullNoWait, "processing", false), settled(fullNoWait, "processing", false), true},
		"unchanged, running, wait":    {minimal, settled(minimal, "processing", true), settled(minimal, "processing", true), false},
		"wait no longer set to false": {minimal, settled(minimal, "complete", false), settled(minimal, "complete", false), false},
		"policies changed":            {full, overwrite(t, settled(minimal, "complete", true), map[string]tftypes.Value{"policies": fieldOf(t, full, "policies")}), settled(minimal, "complete", true), false},
		"account changed":             {overwrite(t, minimal, map[string]tftypes.Value{"account_id": tftypes.NewValue(tftypes.String, "ffffffffffffffffffffffffffffffff")}), overwrite(t, settled(minimal, "complete", true), map[string]tftypes.Value{"account_id": tftypes.NewValue(tftypes.String, "ffffffffffffffffffffffffffffffff")}), settled(minimal, "complete", true), false},
		"adopting after import":       {minimal, settled(minimal, "complete", true), imported, false},
		"destroy":                     {null, null, settled(minimal, "complete", true), false},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			req := &tfprotov6.PlanResourceChangeRequest{TypeName: resourceTypeName,
				Config: dynamic(t, typ, c.config), ProposedNewState: dynamic(t, typ, c.proposed), PriorState: dynamic(t, typ, c.prior)}
			want, err := framework.PlanResourceChange(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			before := fast.answered.plans.Load()
			got, err := fast.PlanResourceChange(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			if answered := fast.answered.plans.Load() > before; answered != c.fast {
				t.Errorf("fast path answered: %v, want %v", answered, c.fast)
			}
			comparePlans(t, typ, got, want)
		})
	}
}

func comparePlans(t *testing.T, typ tftypes.Type, got, want *tfprotov6.PlanResourceChangeResponse) {
	t.Helper()
	gotState, err1 := got.PlannedState.Unmarshal(typ)
	wantState, err2 := want.PlannedState.Unmarshal(typ)
	if err1 != nil || err2 != nil {
		t.Fatalf("decoding plans: %v %v", err1, err2)
	}
	if !gotState.Equal(wantState) {
		t.Errorf("planned state differs from the framework's:\n got  %s\n want %s", gotState, wantState)
	}
	if !slices.EqualFunc(got.RequiresReplace, want.RequiresReplace, func(a, b *tftypes.AttributePath) bool { return a.Equal(b) }) {
		t.Errorf("requires replace %v, framework %v", got.RequiresReplace, want.RequiresReplace)
	}
	if string(got.PlannedPrivate) != string(want.PlannedPrivate) {
		t.Errorf("private %q, framework %q", got.PlannedPrivate, want.PlannedPrivate)
	}
	if len(got.Diagnostics) != len(want.Diagnostics) {
		t.Errorf("diagnostics %v, framework %v", got.Diagnostics, want.Diagnostics)
	}
}

func with(t testing.TB, typ tftypes.Type, json string, more map[string]tftypes.Value) tftypes.Value {
	t.Helper()
	v, err := (&tfprotov6.DynamicValue{JSON: []byte(json)}).Unmarshal(typ)
	if err != nil {
		t.Fatal(err)
	}
	return overwrite(t, v, more)
}

func overwrite(t testing.TB, v tftypes.Value, attrs map[string]tftypes.Value) tftypes.Value {
	t.Helper()
	var m map[string]tftypes.Value
	if err := v.As(&m); err != nil {
		t.Fatal(err)
	}
	m = maps.Clone(m) // As shares the value's own map
	maps.Copy(m, attrs)
	return tftypes.NewValue(v.Type(), m)
}

func fieldOf(t testing.TB, v tftypes.Value, name string) tftypes.Value {
	t.Helper()
	var m map[string]tftypes.Value
	if err := v.As(&m); err != nil {
		t.Fatal(err)
	}
	return m[name]
}

func dynamic(t testing.TB, typ tftypes.Type, v tftypes.Value) *tfprotov6.DynamicValue {
	t.Helper()
	dv, err := tfprotov6.NewDynamicValue(typ, v)
	if err != nil {
		t.Fatal(err)
	}
	return &dv
}

func sortedCopy(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
}

// FuzzFastPlan: for any rule, status and wait setting, a create, an
// unchanged plan and a changed plan get the framework's answer.
func FuzzFastPlan(f *testing.F) {
	f.Add(uint8(0), "a@example.com", "", uint8(0), "complete", false, uint8(0))
	f.Add(uint8(7), "US", "x", uint8(1), "processing", true, uint8(1))
	f.Add(uint8(24), "low,high", "", uint8(2), "processing", false, uint8(1))
	f.Add(uint8(14), "idp", "org", uint8(0), "exceeded time", false, uint8(2))
	f.Add(uint8(3), "", "", uint8(0), "", true, uint8(1))
	ctx := context.Background()
	framework, fast := bothPaths(f, nil)
	typ := fast.shape().typ
	f.Fuzz(func(t *testing.T, which uint8, a, b string, waitMode uint8, status string, priorWait bool, mode uint8) {
		if !utf8.ValidString(a) || !utf8.ValidString(b) || !utf8.ValidString(status) {
			t.Skip("Terraform strings are always valid UTF-8")
		}
		rt := ruleTypes[int(which)%len(ruleTypes)]
		params := map[string]any{}
		for i, p := range rt.params {
			value := []string{a, b, a}[i]
			if p.list {
				params[p.name] = strings.Split(value, ",")
			} else {
				params[p.name] = value
			}
		}
		configFor := func(name string) tftypes.Value {
			doc := map[string]any{
				"account_id": "0123456789abcdef0123456789abcdef",
				"policies":   []any{map[string]any{"name": name, "decision": "allow", "include": []any{map[string]any{rt.name: params}}}},
			}
			if waitMode%3 > 0 {
				doc["wait_for_completion"] = waitMode%3 == 1
			}
			raw, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			return with(t, typ, string(raw), nil)
		}
		config := configFor("p")
		var proposed, prior tftypes.Value
		switch mode % 3 {
		case 0: // create
			proposed, prior = config, tftypes.NewValue(typ, nil)
		default: // the test exists; Terraform proposes the prior value for what the config leaves to the provider
			wait := priorWait
			if waitMode%3 > 0 {
				wait = waitMode%3 == 1
			}
			prior = overwrite(t, configFor("p"), map[string]tftypes.Value{
				"id": tftypes.NewValue(tftypes.String, "t1"), "status": tftypes.NewValue(tftypes.String, status),
				"wait_for_completion": tftypes.NewValue(tftypes.Bool, wait),
			})
			proposed = prior
			if mode%3 == 2 {
				config = configFor("renamed")
				proposed = overwrite(t, prior, map[string]tftypes.Value{"policies": fieldOf(t, config, "policies")})
			}
		}
		req := &tfprotov6.PlanResourceChangeRequest{TypeName: resourceTypeName,
			Config: dynamic(t, typ, config), ProposedNewState: dynamic(t, typ, proposed), PriorState: dynamic(t, typ, prior)}
		want, err := framework.PlanResourceChange(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		got, err := fast.PlanResourceChange(ctx, req)
		if err != nil {
			t.Fatal(err)
		}
		comparePlans(t, typ, got, want)
	})
}
