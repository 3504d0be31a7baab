package accesspolicytest

import (
	"context"
	"errors"
	"maps"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/defaults"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// The two plans nearly every run asks for have an answer fixed by the
// schema alone: a new test (Terraform's proposal, defaults applied, computed
// attributes unknown) and an unchanged, settled test (its prior state).
// Those two are answered here from the protocol values; every other plan
// (changes, replacement, adoption after import, a wait to resume, destroy,
// private data) goes to the framework, which runs the plan modifiers and
// ModifyPlan. Tests compare both answers on the same requests.

// readPlanning records the computed attributes and their defaults; false
// when the schema has what the fast plan does not model: a computed
// attribute below the top level, or a default of a kind not read here.
func (sh *shape) readPlanning(ctx context.Context, block *tfprotov6.SchemaBlock, framework schema.Schema) bool {
	sh.defaults = map[string]tftypes.Value{}
	for _, a := range block.Attributes {
		if a.NestedType != nil && hasComputed(a.NestedType.Attributes) {
			return false
		}
		if !a.Computed {
			continue
		}
		def, hasDefault, err := defaultOf(ctx, a.Name, framework.Attributes[a.Name])
		switch {
		case err != nil:
			return false
		case hasDefault:
			sh.defaults[a.Name] = def
		default:
			sh.unknown = append(sh.unknown, a.Name)
		}
	}
	return true
}

func hasComputed(attrs []*tfprotov6.SchemaAttribute) bool {
	for _, a := range attrs {
		if a.Computed || (a.NestedType != nil && hasComputed(a.NestedType.Attributes)) {
			return true
		}
	}
	return false
}

var errUnmodelledDefault = errors.New("a default the fast plan does not read")

// defaultOf returns a top-level computed attribute's default. Only a bool
// default is read (wait_for_completion's); any other default, or an
// attribute kind not listed, turns the fast plan off.
func defaultOf(ctx context.Context, name string, a schema.Attribute) (tftypes.Value, bool, error) {
	switch a := a.(type) {
	case schema.BoolAttribute:
		if a.Default == nil {
			return tftypes.Value{}, false, nil
		}
		var resp defaults.BoolResponse
		a.Default.DefaultBool(ctx, defaults.BoolRequest{Path: path.Root(name)}, &resp)
		if resp.Diagnostics.HasError() {
			return tftypes.Value{}, false, errUnmodelledDefault
		}
		v, err := resp.PlanValue.ToTerraformValue(ctx)
		return v, err == nil, err
	case schema.StringAttribute:
		if a.Default == nil {
			return tftypes.Value{}, false, nil
		}
	case schema.Int64Attribute:
		if a.Default == nil {
			return tftypes.Value{}, false, nil
		}
	}
	return tftypes.Value{}, false, errUnmodelledDefault
}

func (s *fastServer) PlanResourceChange(ctx context.Context, req *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	if req.TypeName != resourceTypeName || len(req.PriorPrivate) > 0 {
		return s.ProviderServer.PlanResourceChange(ctx, req)
	}
	sh := s.shape()
	if sh == nil || !sh.plans {
		return s.ProviderServer.PlanResourceChange(ctx, req)
	}
	planned, ok := sh.plan(req)
	if !ok {
		return s.ProviderServer.PlanResourceChange(ctx, req)
	}
	encoded, err := tfprotov6.NewDynamicValue(sh.typ, planned)
	if err != nil {
		return s.ProviderServer.PlanResourceChange(ctx, req)
	}
	s.answered.plans.Add(1)
	return &tfprotov6.PlanResourceChangeResponse{PlannedState: &encoded}, nil
}

// plan answers a create or an unchanged, settled test; false for anything
// else, including values it cannot decode.
func (sh *shape) plan(req *tfprotov6.PlanResourceChangeRequest) (tftypes.Value, bool) {
	if req.Config == nil || req.ProposedNewState == nil || req.PriorState == nil {
		return tftypes.Value{}, false
	}
	config, err1 := req.Config.Unmarshal(sh.typ)
	proposed, err2 := req.ProposedNewState.Unmarshal(sh.typ)
	prior, err3 := req.PriorState.Unmarshal(sh.typ)
	if errors.Join(err1, err2, err3) != nil || proposed.IsNull() || !proposed.IsKnown() || !config.IsKnown() {
		return tftypes.Value{}, false
	}
	var attrs, configAttrs map[string]tftypes.Value
	if proposed.As(&attrs) != nil || config.As(&configAttrs) != nil {
		return tftypes.Value{}, false
	}
	attrs = maps.Clone(attrs) // As shares the value's own map
	for name, value := range sh.defaults {
		if configAttrs[name].IsNull() {
			attrs[name] = value
		}
	}
	if prior.IsNull() {
		for _, name := range sh.unknown {
			if configAttrs[name].IsNull() {
				attrs[name] = tftypes.NewValue(sh.typ.AttributeTypes[name], tftypes.UnknownValue)
			}
		}
		return tftypes.NewValue(sh.typ, attrs), true
	}
	planned := tftypes.NewValue(sh.typ, attrs)
	if !planned.Equal(prior) {
		return tftypes.Value{}, false
	}
	var status string
	var wait bool
	if attrs["status"].As(&status) != nil || attrs["wait_for_completion"].As(&wait) != nil || resumesWaiting(status, wait) {
		return tftypes.Value{}, false
	}
	return planned, true
}
