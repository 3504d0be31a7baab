// Package provider implements the cloudflarezt provider: its configuration,
// the credentials it accepts, and the one API client it hands to every
// resource and data source.
package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/ephemeral"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/resources/policytests"
)

var (
	_ provider.Provider                       = (*Provider)(nil)
	_ provider.ProviderWithActions            = (*Provider)(nil)
	_ provider.ProviderWithEphemeralResources = (*Provider)(nil)
)

// Provider is the cloudflarezt provider.
type Provider struct {
	version string
}

// New returns the provider factory for a build version ("dev", "test", …).
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &Provider{version: version} }
}

type providerModel struct {
	APIToken                types.String  `tfsdk:"api_token"`
	APIKey                  types.String  `tfsdk:"api_key"`
	Email                   types.String  `tfsdk:"email"`
	BaseURL                 types.String  `tfsdk:"base_url"`
	UserAgentOperatorSuffix types.String  `tfsdk:"user_agent_operator_suffix"`
	MaxRetries              types.Int64   `tfsdk:"max_retries"`
	RequestsPerSecond       types.Float64 `tfsdk:"requests_per_second"`
	BudgetShortfall         types.String  `tfsdk:"budget_shortfall"`
}

func (p *Provider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "cloudflarezt"
	resp.Version = p.version
}

func (p *Provider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Tests Cloudflare Access policies against an account's real users before they go live. " +
			"Uses the same settings and environment variables as the official `cloudflare` provider.",
		Attributes: map[string]schema.Attribute{
			"api_token": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "A Cloudflare API token with the `Access: Policy Test Write` permission: everything that starts a test needs it, the change gates (data source, ephemeral resource, actions) included. `Access: Policy Test Read` suffices only to read a test by id and list its users. The data sources `cloudflarezt_access_plan_gates` and `cloudflarezt_access_applications` also need `Access: Apps and Policies Read`. Falls back to the `CLOUDFLARE_API_TOKEN` environment variable. Conflicts with `api_key`.",
			},
			"api_key": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "The legacy Global API key; needs `email`. Falls back to the `CLOUDFLARE_API_KEY` environment variable. API tokens are preferred. Conflicts with `api_token`.",
			},
			"email": schema.StringAttribute{
				Optional:            true,
				Sensitive:           true,
				MarkdownDescription: "The account email that goes with `api_key`. Falls back to the `CLOUDFLARE_EMAIL` environment variable.",
			},
			"base_url": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "The Cloudflare API base URL. Falls back to the `CLOUDFLARE_BASE_URL` environment variable. Defaults to `https://api.cloudflare.com/client/v4`.",
			},
			"user_agent_operator_suffix": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Replaces the `terraform/<version>` part of the User-Agent, to tell your pipelines apart in Cloudflare's audit logs. Falls back to the `CLOUDFLARE_USER_AGENT_OPERATOR_SUFFIX` environment variable.",
			},
			"max_retries": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "How many times a request is retried after a server error (5xx), a network error or no answer within a minute. Defaults to `4`. A rate-limited request (429) is retried, after the `Retry-After` Cloudflare sends (at most five minutes), for as long as the operation's timeout allows. Redirects are never followed.",
				Validators:          []validator.Int64{int64validator.Between(0, 100)},
			},
			"requests_per_second": schema.Float64Attribute{
				Optional: true,
				MarkdownDescription: "Client-side pace of API requests, shared by all resources of this provider. Defaults to `4` (Cloudflare's 1,200 requests per 5 minutes). " +
					"The provider goes slower, never faster, by the `Ratelimit` header Cloudflare sends on every answer: the budget it reports is shared with the dashboard and every tool using the same credentials, " +
					"so the provider estimates from how it falls between its own answers how much of the draw is its own, paces at that part of what is left until the window resets, less a reserve of a tenth of the quota (at least 2 requests), " +
					"and waits for the reset when its part would not hold the next request. " +
					"A missing or unreadable header changes nothing.",
				Validators: []validator.Float64{float64validator.AtLeast(0.01)},
			},
			"budget_shortfall": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "What a gate does when, before it starts its tests, the requests they need at least (a start, a status read and two pages each) do not fit in what Cloudflare's rate-limit budget holds for this plan until the reset, " +
					"counting the other gates under way: `wait` (the default) warns and waits for the reset, `fail` fails the gate before any test starts. " +
					"Either way the message says how many requests are needed and how many are left. Nothing happens before an answer has reported the budget.",
				Validators: []validator.String{stringvalidator.OneOf(client.ShortfallWait, client.ShortfallFail)},
			},
		},
	}
}

func (p *Provider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{policytests.NewResource}
}

func (p *Provider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{policytests.NewDataSource, policytests.NewUsersDataSource, policytests.NewChangeDataSource, policytests.NewPlanGatesDataSource, policytests.NewApplicationsDataSource}
}

// Actions run at apply, before the resource that triggers them changes
// (Terraform 1.15 and later).
func (p *Provider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{policytests.NewChangeAction, policytests.NewTestAction}
}

// EphemeralResources keep their results out of plan files and state
// (Terraform 1.10 and OpenTofu 1.11 and later).
func (p *Provider) EphemeralResources(context.Context) []func() ephemeral.EphemeralResource {
	return []func() ephemeral.EphemeralResource{policytests.NewChangeEphemeralResource}
}
