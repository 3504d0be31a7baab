package fwshim_test

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/validators"
)

// The shims are tested through the framework's own provider server, as
// Terraform reaches them: a small provider serves the same attributes plain
// and through each shim, and each test compares the two.

// ruleAttributes has every kind of attribute the shims handle, each with a
// validator where the kind takes one.
func ruleAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"email": schema.SingleNestedAttribute{
			Optional:            true,
			MarkdownDescription: "An email rule.",
			Attributes: map[string]schema.Attribute{
				"email": schema.StringAttribute{Required: true, MarkdownDescription: "The address.", Validators: []validator.String{stringvalidator.LengthAtLeast(5)}},
			},
		},
		"levels": schema.ListAttribute{
			ElementType: types.StringType, Optional: true, MarkdownDescription: "Levels.",
			Validators: []validator.List{listvalidator.SizeAtLeast(1)},
		},
		"weight":  schema.Float64Attribute{Optional: true, MarkdownDescription: "A weight.", Validators: []validator.Float64{float64validator.AtLeast(0)}},
		"number":  schema.Int64Attribute{Optional: true, MarkdownDescription: "A number."},
		"enabled": schema.BoolAttribute{Optional: true, MarkdownDescription: "A switch."},
	}
}

// itemAttributes is one element of the top-level list "items".
func itemAttributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"name": schema.StringAttribute{Optional: true, MarkdownDescription: "A name.", Validators: []validator.String{stringvalidator.LengthAtMost(3)}},
		"rules": schema.ListNestedAttribute{
			Optional:            true,
			MarkdownDescription: "Rules.",
			Validators:          []validator.List{listvalidator.SizeAtMost(2)},
			NestedObject: schema.NestedAttributeObject{
				Attributes: ruleAttributes(),
				Validators: []validator.Object{validators.ExactlyOneAttribute("rule type")},
			},
		},
	}
}

// items is the top-level list attribute, plain.
func items() schema.ListNestedAttribute {
	return schema.ListNestedAttribute{
		Optional:            true,
		MarkdownDescription: "Items.",
		Validators:          []validator.List{listvalidator.SizeAtLeast(1)},
		NestedObject: schema.NestedAttributeObject{
			Attributes: itemAttributes(),
			Validators: []validator.Object{itemNamed{}},
		},
	}
}

// itemNamed is an object validator that reports on a nested attribute.
type itemNamed struct{}

func (itemNamed) Description(context.Context) string         { return "items have names" }
func (itemNamed) MarkdownDescription(context.Context) string { return "items have names" }
func (itemNamed) ValidateObject(_ context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if name := req.ConfigValue.Attributes()["name"]; name == nil || name.IsNull() {
		resp.Diagnostics.AddAttributeError(req.Path.AtName("name"), "Missing Name", "Each item needs a name.")
	}
}

// testProvider serves one resource per schema in resources, and the data
// sources, actions and ephemeral resources in dataSources, actions and
// ephemerals, all without behaviour.
type testProvider struct {
	resources   map[string]schema.Schema
	dataSources map[string]func() datasource.SchemaResponse
	actions     map[string]func() action.SchemaResponse
	ephemerals  map[string]func() ephemeral.SchemaResponse
}

func (p *testProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "shim"
}
func (p *testProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}
func (p *testProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}

func (p *testProvider) Resources(context.Context) []func() resource.Resource {
	var out []func() resource.Resource
	for name, s := range p.resources {
		out = append(out, func() resource.Resource { return &testResource{name: name, schema: s} })
	}
	return out
}

func (p *testProvider) DataSources(context.Context) []func() datasource.DataSource {
	var out []func() datasource.DataSource
	for name, s := range p.dataSources {
		out = append(out, func() datasource.DataSource { return &testDataSource{name: name, schema: s} })
	}
	return out
}

func (p *testProvider) Actions(context.Context) []func() action.Action {
	var out []func() action.Action
	for name, s := range p.actions {
		out = append(out, func() action.Action { return &testAction{name: name, schema: s} })
	}
	return out
}

func (p *testProvider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	var out []func() ephemeral.EphemeralResource
	for name, s := range p.ephemerals {
		out = append(out, func() ephemeral.EphemeralResource { return &testEphemeral{name: name, schema: s} })
	}
	return out
}

type testResource struct {
	name   string
	schema schema.Schema
}

func (r *testResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = "shim_" + r.name
}
func (r *testResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = r.schema
}
func (r *testResource) Create(context.Context, resource.CreateRequest, *resource.CreateResponse) {}
func (r *testResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse)       {}
func (r *testResource) Update(context.Context, resource.UpdateRequest, *resource.UpdateResponse) {}
func (r *testResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

type testDataSource struct {
	name   string
	schema func() datasource.SchemaResponse
}

func (d *testDataSource) Metadata(_ context.Context, _ datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = "shim_" + d.name
}
func (d *testDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	*resp = d.schema()
}
func (d *testDataSource) Read(context.Context, datasource.ReadRequest, *datasource.ReadResponse) {}

type testAction struct {
	name   string
	schema func() action.SchemaResponse
}

func (a *testAction) Metadata(_ context.Context, _ action.MetadataRequest, resp *action.MetadataResponse) {
	resp.TypeName = "shim_" + a.name
}
func (a *testAction) Schema(_ context.Context, _ action.SchemaRequest, resp *action.SchemaResponse) {
	*resp = a.schema()
}
func (a *testAction) Invoke(context.Context, action.InvokeRequest, *action.InvokeResponse) {}

type testEphemeral struct {
	name   string
	schema func() ephemeral.SchemaResponse
}

func (e *testEphemeral) Metadata(_ context.Context, _ ephemeral.MetadataRequest, resp *ephemeral.MetadataResponse) {
	resp.TypeName = "shim_" + e.name
}
func (e *testEphemeral) Schema(_ context.Context, _ ephemeral.SchemaRequest, resp *ephemeral.SchemaResponse) {
	*resp = e.schema()
}
func (e *testEphemeral) Open(context.Context, ephemeral.OpenRequest, *ephemeral.OpenResponse) {}

var (
	_ provider.ProviderWithActions            = (*testProvider)(nil)
	_ provider.ProviderWithEphemeralResources = (*testProvider)(nil)
	_ action.Action                           = (*testAction)(nil)
	_ ephemeral.EphemeralResource             = (*testEphemeral)(nil)
)

// serve starts p's protocol 6 server, as Terraform would.
func serve(t *testing.T, p *testProvider) tfprotov6.ProviderServer {
	t.Helper()
	server, err := providerserver.NewProtocol6WithError(p)()
	if err != nil {
		t.Fatal(err)
	}
	return server
}
