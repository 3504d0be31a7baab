package provider_test

import (
	"context"
	"encoding/json"
	"math/big"
	"net/http/httptest"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/provider"
)

// These benchmarks call the provider's plugin-protocol server directly, one
// RPC at a time, with the values Terraform sends for the `make bench`
// configuration. They show where a plan or an apply spends its CPU, without
// the noise of process start-up (`make bench` measures the whole).

const (
	benchResource = "cloudflarezt_access_policy_test"
	benchConfig   = `{
  "account_id": "0123456789abcdef0123456789abcdef",
  "policies": [{
    "name": "Contractors 0",
    "decision": "allow",
    "include": [{"email_domain": {"domain": "contractors.example.com"}}],
    "require": [{"auth_method": {"auth_method": "mfa"}}]
  }]
}`
)

type rpcBench struct {
	server   tfprotov6.ProviderServer
	typ      tftypes.Type
	config   *tfprotov6.DynamicValue
	planned  *tfprotov6.DynamicValue
	private  []byte
	state    *tfprotov6.DynamicValue
	rawState []byte
}

func newRPCBench(b *testing.B) *rpcBench {
	b.Helper()
	ctx := context.Background()
	emu := emulator.New(emulator.Options{})
	emu.SetCompleteAfterPolls(0)
	api := httptest.NewServer(emu)
	b.Cleanup(api.Close)
	b.Setenv("TF_LOG_PROVIDER", "OFF")
	b.Setenv("TF_LOG_SDK", "OFF")
	b.Setenv("TF_LOG_SDK_FRAMEWORK", "OFF")
	b.Setenv("TF_LOG_SDK_PROTO", "OFF")

	r := &rpcBench{server: provider.ProtocolServer("bench")()}
	schemas, err := r.server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || len(schemas.Diagnostics) > 0 {
		b.Fatalf("GetProviderSchema: %v %v", err, schemas.Diagnostics)
	}
	r.typ = schemas.ResourceSchemas[benchResource].ValueType()
	providerConfig := dynamicJSON(b, schemas.Provider.ValueType(), map[string]any{
		"api_token": "bench-token", "base_url": api.URL + "/client/v4", "requests_per_second": 1000,
	})
	configured, err := r.server.ConfigureProvider(ctx, &tfprotov6.ConfigureProviderRequest{Config: providerConfig})
	if err != nil || len(configured.Diagnostics) > 0 {
		b.Fatalf("ConfigureProvider: %v %v", err, configured.Diagnostics)
	}

	r.config = &tfprotov6.DynamicValue{JSON: []byte(benchConfig)}
	plan := r.planCreate(b)
	r.planned, r.private = plan.PlannedState, plan.PlannedPrivate
	applied := r.apply(b)
	r.state = applied.NewState
	value, err := applied.NewState.Unmarshal(r.typ)
	if err != nil {
		b.Fatal(err)
	}
	if r.rawState, err = valueJSON(value); err != nil {
		b.Fatal(err)
	}
	return r
}

func (r *rpcBench) planCreate(b *testing.B) *tfprotov6.PlanResourceChangeResponse {
	null, err := tfprotov6.NewDynamicValue(r.typ, tftypes.NewValue(r.typ, nil))
	if err != nil {
		b.Fatal(err)
	}
	resp, err := r.server.PlanResourceChange(context.Background(), &tfprotov6.PlanResourceChangeRequest{
		TypeName: benchResource, PriorState: &null, ProposedNewState: r.config, Config: r.config,
	})
	if err != nil || len(resp.Diagnostics) > 0 {
		b.Fatalf("PlanResourceChange: %v %v", err, resp.Diagnostics)
	}
	return resp
}

func (r *rpcBench) apply(b *testing.B) *tfprotov6.ApplyResourceChangeResponse {
	null, err := tfprotov6.NewDynamicValue(r.typ, tftypes.NewValue(r.typ, nil))
	if err != nil {
		b.Fatal(err)
	}
	resp, err := r.server.ApplyResourceChange(context.Background(), &tfprotov6.ApplyResourceChangeRequest{
		TypeName: benchResource, PriorState: &null, PlannedState: r.planned, Config: r.config, PlannedPrivate: r.private,
	})
	if err != nil || len(resp.Diagnostics) > 0 {
		b.Fatalf("ApplyResourceChange: %v %v", err, resp.Diagnostics)
	}
	return resp
}

func BenchmarkRPC(b *testing.B) {
	r := newRPCBench(b)
	ctx := context.Background()
	b.Run("GetProviderSchema", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			server := provider.ProtocolServer("bench")()
			if _, err := server.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("ValidateResourceConfig", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			resp, err := r.server.ValidateResourceConfig(ctx, &tfprotov6.ValidateResourceConfigRequest{TypeName: benchResource, Config: r.config})
			if err != nil || len(resp.Diagnostics) > 0 {
				b.Fatalf("%v %v", err, resp.Diagnostics)
			}
		}
	})
	b.Run("UpgradeResourceState", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			resp, err := r.server.UpgradeResourceState(ctx, &tfprotov6.UpgradeResourceStateRequest{
				TypeName: benchResource, RawState: &tfprotov6.RawState{JSON: r.rawState},
			})
			if err != nil || len(resp.Diagnostics) > 0 {
				b.Fatalf("%v %v", err, resp.Diagnostics)
			}
		}
	})
	b.Run("ReadResource", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			resp, err := r.server.ReadResource(ctx, &tfprotov6.ReadResourceRequest{TypeName: benchResource, CurrentState: r.state})
			if err != nil || len(resp.Diagnostics) > 0 {
				b.Fatalf("%v %v", err, resp.Diagnostics)
			}
		}
	})
	b.Run("PlanResourceChange/create", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			r.planCreate(b)
		}
	})
	b.Run("PlanResourceChange/unchanged", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			resp, err := r.server.PlanResourceChange(ctx, &tfprotov6.PlanResourceChangeRequest{
				TypeName: benchResource, PriorState: r.state, ProposedNewState: r.state, Config: r.config,
			})
			if err != nil || len(resp.Diagnostics) > 0 {
				b.Fatalf("%v %v", err, resp.Diagnostics)
			}
		}
	})
	b.Run("ApplyResourceChange/create", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			r.apply(b)
		}
	})
}

// dynamicJSON builds an object value from top-level attributes; the ones
// not given are null.
func dynamicJSON(b *testing.B, typ tftypes.Type, attrs map[string]any) *tfprotov6.DynamicValue {
	b.Helper()
	data, err := json.Marshal(attrs)
	if err != nil {
		b.Fatal(err)
	}
	value, err := (&tfprotov6.DynamicValue{JSON: data}).Unmarshal(typ)
	if err != nil {
		b.Fatal(err)
	}
	dv, err := tfprotov6.NewDynamicValue(typ, value)
	if err != nil {
		b.Fatal(err)
	}
	return &dv
}

// valueJSON renders a state value the way Terraform stores it.
func valueJSON(v tftypes.Value) ([]byte, error) {
	out, err := jsonable(v)
	if err != nil {
		return nil, err
	}
	return json.Marshal(out)
}

func jsonable(v tftypes.Value) (any, error) {
	if v.IsNull() {
		return json.RawMessage("null"), nil
	}
	switch t := v.Type(); {
	case t.Is(tftypes.String):
		var s string
		return s, v.As(&s)
	case t.Is(tftypes.Bool):
		var x bool
		return x, v.As(&x)
	case t.Is(tftypes.Number):
		n := new(big.Float)
		if err := v.As(&n); err != nil {
			return nil, err
		}
		f, _ := n.Float64()
		return f, nil
	case t.Is(tftypes.Object{}) || t.Is(tftypes.Map{}):
		var m map[string]tftypes.Value
		if err := v.As(&m); err != nil {
			return nil, err
		}
		out := map[string]any{}
		for k, e := range m {
			j, err := jsonable(e)
			if err != nil {
				return nil, err
			}
			out[k] = j
		}
		return out, nil
	default:
		var l []tftypes.Value
		if err := v.As(&l); err != nil {
			return nil, err
		}
		out := []any{}
		for _, e := range l {
			j, err := jsonable(e)
			if err != nil {
				return nil, err
			}
			out = append(out, j)
		}
		return out, nil
	}
}
