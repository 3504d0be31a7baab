package policytests

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/policy"
)

func (r *Resource) Schema(ctx context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	attrs := map[string]schema.Attribute{
		"id": schema.StringAttribute{
			Computed:            true,
			MarkdownDescription: "The ID of the policy test, as Cloudflare returned it.",
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"account_id": accountIDWithReplace(),
		"policies":   withReplaceUnlessAdopting(policy.List(true, "Any change starts a new test.")),
		"triggers": schema.MapAttribute{
			ElementType:         types.StringType,
			Optional:            true,
			MarkdownDescription: "Arbitrary values; any change starts a new test. Use it to re-run a test when something outside `policies` changes.",
			PlanModifiers:       []planmodifier.Map{replaceUnlessAdopting{}},
		},
		"wait_for_completion": schema.BoolAttribute{
			Optional:            true,
			Computed:            true,
			Default:             booldefault.StaticBool(true),
			MarkdownDescription: "Whether apply waits until the test reaches a final status (`complete`, `blocked` or `exceeded time`), bounded by `timeouts.create`. Defaults to `true`. When `false`, apply returns after the start call and the counters fill in on later refreshes.",
		},
		"timeouts": timeouts.Attributes(ctx, timeouts.Opts{
			Read:              true,
			ReadDescription:   "How long a refresh may take to read the test (a duration such as `5m`). Defaults to `5m`.",
			Create:            true,
			CreateDescription: "How long apply waits for the test to finish (a duration such as `30m`). Defaults to `20m`.",
		}),
	}
	resultResourceAttributes(attrs)
	resp.Schema = schema.Schema{
		MarkdownDescription: "Starts a Cloudflare Access policy test: Cloudflare evaluates the given policies against the account's real users " +
			"(those who logged in to Access before, with their latest device) and reports how many would be approved or blocked. " +
			"Starting a test changes no live policy. The API token needs the `Access: Policy Test Write` permission.\n\n" +
			"A test cannot be changed once started, so every argument but `wait_for_completion` and `timeouts` starts a new test. " +
			"Cloudflare has no delete for tests: destroying only removes the test from state.",
		Attributes: attrs,
	}
}

// accountIDWithReplace: another account is another test.
func accountIDWithReplace() schema.StringAttribute {
	a := accountIDAttribute()
	a.PlanModifiers = []planmodifier.String{stringplanmodifier.RequiresReplace()}
	return a
}
