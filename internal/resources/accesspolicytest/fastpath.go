package accesspolicytest

import (
	"context"
	"sync"
	"sync/atomic"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// Around every call terraform-plugin-framework v1.19 does work proportional
// to the size of the resource's type: it rebuilds the type from the schema
// at every step of every path it resolves, rebuilds the whole plan value
// once per top-level attribute, and compares prior and new values for
// semantic equality. For this schema (26 rule types, three rule lists) that
// is about 11 ms of CPU per plan, 7 ms per read and 10 ms per create, where
// a small schema costs well under 1 ms; Terraform plans every resource twice
// per apply (BenchmarkRPC, `make bench`).
//
// WithFastPath answers the resource's common calls from the protocol values
// and passes everything else to the framework:
//   - plans of a new test and of an unchanged, settled one (fastplan.go);
//   - state upgrades within the current schema version (decoding only);
//   - reads and creates, by calling the resource's own Read and Create with
//     the values decoded once, without the framework's conversions around
//     them (nothing in this schema has semantic equality or write-only
//     attributes, which is what those conversions serve).
//
// Updates, deletes, imports, validation, the data sources and anything
// carrying private state go to the framework. Tests compare the answers of
// both paths on the same requests (fastpath_test.go, fastpath_api_test.go).

// WithFastPath wraps the framework's protocol server of the provider;
// configured returns what ConfigureProvider gave the resource, once it has.
func WithFastPath(next tfprotov6.ProviderServer, configured func() *ResourceData) tfprotov6.ProviderServer {
	s := &fastServer{ProviderServer: next, configured: configured}
	s.shape = sync.OnceValue(func() *shape { return newShape(context.Background(), next) })
	return s
}

type fastServer struct {
	tfprotov6.ProviderServer
	configured func() *ResourceData
	shape      func() *shape
	// answered counts the calls served here, for tests.
	answered struct{ plans, upgrades, reads, creates atomic.Int64 }

	// inFlight cancels the reads and creates under way on StopProvider, as
	// the framework does for its own calls.
	mu       sync.Mutex
	inFlight map[int]context.CancelFunc
	next     int
}

// stoppable returns ctx cancelled by StopProvider; done releases it.
func (s *fastServer) stoppable(ctx context.Context) (stoppable context.Context, done func()) {
	ctx, cancel := context.WithCancel(ctx)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.inFlight == nil {
		s.inFlight = map[int]context.CancelFunc{}
	}
	id := s.next
	s.next++
	s.inFlight[id] = cancel
	return ctx, func() {
		s.mu.Lock()
		delete(s.inFlight, id)
		s.mu.Unlock()
		cancel()
	}
}

func (s *fastServer) StopProvider(ctx context.Context, req *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	s.mu.Lock()
	for _, cancel := range s.inFlight {
		cancel()
	}
	s.mu.Unlock()
	return s.ProviderServer.StopProvider(ctx, req)
}

const resourceTypeName = "cloudflarezt_access_policy_test"

// shape is what the fast path needs from the schema: the value's type, the
// framework schema the resource's methods read values with, and for plans
// the computed attributes unknown until apply and the defaults.
type shape struct {
	typ       tftypes.Object
	version   int64
	framework schema.Schema
	plans     bool // false when the schema has what fastplan.go does not model
	unknown   []string
	defaults  map[string]tftypes.Value
}

// newShape reads the schemas once; nil when the resource is not served.
func newShape(ctx context.Context, next tfprotov6.ProviderServer) *shape {
	schemas, err := next.GetProviderSchema(ctx, &tfprotov6.GetProviderSchemaRequest{})
	if err != nil || schemas.ResourceSchemas[resourceTypeName] == nil {
		return nil
	}
	typ, ok := schemas.ResourceSchemas[resourceTypeName].ValueType().(tftypes.Object)
	if !ok {
		return nil
	}
	var framework resource.SchemaResponse
	(&Resource{}).Schema(ctx, resource.SchemaRequest{}, &framework)
	s := &shape{typ: typ, version: schemas.ResourceSchemas[resourceTypeName].Version, framework: framework.Schema}
	s.plans = s.readPlanning(ctx, schemas.ResourceSchemas[resourceTypeName].Block, framework.Schema)
	return s
}

func (s *fastServer) resource(typeName string) (*shape, *Resource) {
	if typeName != resourceTypeName {
		return nil, nil
	}
	sh, d := s.shape(), s.configured()
	if sh == nil || d == nil || d.Client == nil {
		return nil, nil // the framework reports what is missing
	}
	return sh, &Resource{client: d.Client, handoffs: &d.handoffs}
}

func (s *fastServer) ReadResource(ctx context.Context, req *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	sh, r := s.resource(req.TypeName)
	if r == nil || len(req.Private) > 0 || req.CurrentState == nil {
		return s.ProviderServer.ReadResource(ctx, req)
	}
	current, err := req.CurrentState.Unmarshal(sh.typ)
	if err != nil || current.IsNull() {
		return s.ProviderServer.ReadResource(ctx, req)
	}
	ctx, done := s.stoppable(ctx)
	defer done()
	state := tfsdk.State{Schema: sh.framework, Raw: current}
	resp := resource.ReadResponse{State: state}
	r.Read(ctx, resource.ReadRequest{State: state}, &resp)
	newState, err := tfprotov6.NewDynamicValue(sh.typ, resp.State.Raw)
	if err != nil {
		return nil, err
	}
	s.answered.reads.Add(1)
	return &tfprotov6.ReadResourceResponse{NewState: &newState, Diagnostics: protocolDiagnostics(ctx, resp.Diagnostics)}, nil
}

// UpgradeResourceState serves state stored by the current schema version,
// which needs only decoding: the framework's pass-through, without
// rebuilding the schema's type for it.
func (s *fastServer) UpgradeResourceState(ctx context.Context, req *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	sh := s.shape()
	if req.TypeName != resourceTypeName || sh == nil || req.Version != sh.version || req.RawState == nil || req.RawState.JSON == nil {
		return s.ProviderServer.UpgradeResourceState(ctx, req)
	}
	value, err := req.RawState.UnmarshalWithOpts(sh.typ, tfprotov6.UnmarshalOpts{
		ValueFromJSONOpts: tftypes.ValueFromJSONOpts{IgnoreUndefinedAttributes: true},
	})
	if err != nil {
		return s.ProviderServer.UpgradeResourceState(ctx, req) // the framework explains the error
	}
	upgraded, err := tfprotov6.NewDynamicValue(sh.typ, value)
	if err != nil {
		return nil, err
	}
	s.answered.upgrades.Add(1)
	return &tfprotov6.UpgradeResourceStateResponse{UpgradedState: &upgraded}, nil
}

// ApplyResourceChange serves creates; updates and deletes go to the framework.
func (s *fastServer) ApplyResourceChange(ctx context.Context, req *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	sh, r := s.resource(req.TypeName)
	if r == nil || len(req.PlannedPrivate) > 0 || req.PriorState == nil || req.PlannedState == nil || req.Config == nil {
		return s.ProviderServer.ApplyResourceChange(ctx, req)
	}
	prior, err1 := req.PriorState.Unmarshal(sh.typ)
	planned, err2 := req.PlannedState.Unmarshal(sh.typ)
	config, err3 := req.Config.Unmarshal(sh.typ)
	if err1 != nil || err2 != nil || err3 != nil || !prior.IsNull() || planned.IsNull() {
		return s.ProviderServer.ApplyResourceChange(ctx, req)
	}
	ctx, done := s.stoppable(ctx)
	defer done()
	resp := resource.CreateResponse{State: tfsdk.State{Schema: sh.framework, Raw: tftypes.NewValue(sh.typ, nil)}}
	r.Create(ctx, resource.CreateRequest{
		Config: tfsdk.Config{Schema: sh.framework, Raw: config},
		Plan:   tfsdk.Plan{Schema: sh.framework, Raw: planned},
	}, &resp)
	if !resp.Diagnostics.HasError() && resp.State.Raw.IsNull() {
		resp.Diagnostics.AddError("Missing Resource State After Create",
			"The provider returned no state after a create without errors. Please report this issue to the provider developers.")
	}
	newState, err := tfprotov6.NewDynamicValue(sh.typ, resp.State.Raw)
	if err != nil {
		return nil, err
	}
	s.answered.creates.Add(1)
	return &tfprotov6.ApplyResourceChangeResponse{NewState: &newState, Diagnostics: protocolDiagnostics(ctx, resp.Diagnostics)}, nil
}

// protocolDiagnostics converts the resource's diagnostics for Terraform.
func protocolDiagnostics(ctx context.Context, diags diag.Diagnostics) []*tfprotov6.Diagnostic {
	var out []*tfprotov6.Diagnostic
	for _, d := range diags {
		severity := tfprotov6.DiagnosticSeverityWarning
		if d.Severity() == diag.SeverityError {
			severity = tfprotov6.DiagnosticSeverityError
		}
		pd := &tfprotov6.Diagnostic{Severity: severity, Summary: d.Summary(), Detail: d.Detail()}
		if withPath, ok := d.(diag.DiagnosticWithPath); ok {
			pd.Attribute = attributePath(ctx, withPath.Path())
		}
		out = append(out, pd)
	}
	return out
}

func attributePath(ctx context.Context, p path.Path) *tftypes.AttributePath {
	var steps []tftypes.AttributePathStep
	for _, step := range p.Steps() {
		switch step := step.(type) {
		case path.PathStepAttributeName:
			steps = append(steps, tftypes.AttributeName(step))
		case path.PathStepElementKeyInt:
			steps = append(steps, tftypes.ElementKeyInt(step))
		case path.PathStepElementKeyString:
			steps = append(steps, tftypes.ElementKeyString(step))
		case path.PathStepElementKeyValue:
			value, err := step.ToTerraformValue(ctx)
			if err != nil {
				return nil
			}
			steps = append(steps, tftypes.ElementKeyValue(value))
		default:
			return nil
		}
	}
	return tftypes.NewAttributePathWithSteps(steps)
}
