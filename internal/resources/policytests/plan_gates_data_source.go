package policytests

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	dstimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/fwshim"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/plangates"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/validators"
)

var (
	_ datasource.DataSourceWithConfigure      = (*PlanGatesDataSource)(nil)
	_ datasource.DataSourceWithValidateConfig = (*PlanGatesDataSource)(nil)
)

// maxPlanBytes bounds the plan JSON read: a plan of a few hundred
// applications and a thousand policies is a few MB.
const maxPlanBytes = 64 << 20

// PlanGatesDataSource is cloudflarezt_access_plan_gates: the gates a saved
// plan of the official provider's configuration needs (plangates).
type PlanGatesDataSource struct {
	client *client.Client
}

// NewPlanGatesDataSource is the data source's factory for the provider.
func NewPlanGatesDataSource() datasource.DataSource { return &PlanGatesDataSource{} }

func (d *PlanGatesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_access_plan_gates"
}

func (d *PlanGatesDataSource) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	d.client = clientOf(req.ProviderData, &resp.Diagnostics)
}

func (d *PlanGatesDataSource) ValidateConfig(ctx context.Context, req datasource.ValidateConfigRequest, resp *datasource.ValidateConfigResponse) {
	validateTimeouts(ctx, req.Config, &resp.Diagnostics)
}

func (d *PlanGatesDataSource) Schema(ctx context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(description string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: description}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads a saved plan of a configuration written for the official Cloudflare provider (`terraform show -json tfplan`) and the account's Access applications, " +
			"and returns, for every application whose access the plan may change, its policy list today (`current`) and after the plan (`candidate`), ready for " +
			"`cloudflarezt_access_policy_change`: the applications the plan creates, updates, replaces or deletes, and every account-level application, in the configuration or not, " +
			"that uses a reusable policy the plan edits or deletes. What a test would evaluate decides: an update that changes no policy's content (the official provider's " +
			"`false` read back as null, an application's own policies read back by id) is left out, and so is every application whose lists evaluate the same. " +
			"The read fails, naming the application and why, on anything the plan does not let it decide (a policy id known only during apply that the configuration does not pin down, " +
			"a zone-level application, a policy the account does not have), and on an application the plan deletes unless `accept_removed` names it: its hostname would no longer be behind Access. " +
			"The API token needs `" + appsPermission + "` for the applications. Zone-level applications are not read.",
		Attributes: map[string]schema.Attribute{
			"account_id": fwshim.DataSourceAttribute(accountIDAttribute()),
			"plan_file": schema.StringAttribute{
				Required: true,
				MarkdownDescription: "The path of the plan's JSON, as `terraform show -json tfplan > plan.json` writes it, of a plan of the whole configuration " +
					"(not `-target`, not `-refresh-only`; format 1.x: Terraform 1.0 and later, OpenTofu). At most 64 MiB. The file is read, not kept: only the gates are.",
				Validators: []validator.String{stringvalidator.LengthAtLeast(1)},
			},
			"accept_removed": schema.ListAttribute{
				ElementType: types.StringType,
				Optional:    true,
				MarkdownDescription: "The applications the plan may delete, by id, name or domain: a reviewed removal. Any other application the plan deletes (or that leaves the configuration) fails the read, " +
					"since its hostname would no longer be behind Access.",
				Validators: []validator.List{validators.NoNullEntries()},
			},
			"timeouts": dstimeouts.AttributesWithOpts(ctx, dstimeouts.Opts{
				ReadDescription: "How long reading the account's applications may take (a duration such as `10m`). Defaults to `10m`.",
			}),
			"gates": schema.MapNestedAttribute{
				Computed: true,
				MarkdownDescription: "The applications whose access the plan may change, by application ID (by resource address for one the plan creates). " +
					"Applications whose lists evaluate the same are absent.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"application_id": computed("The application's ID; null for one the plan creates."),
					"address":        computed("The application's resource address in the plan; null for one the configuration does not manage."),
					"name":           computed("The application's name."),
					"domain":         computed("The hostname the application protects."),
					"status":         computed("`created`, `updated`, `removed` (accepted by `accept_removed`) or `shared-policy` (unchanged itself, it uses a reusable policy the plan edits or deletes)."),
					"current": computed("Its policies today, in order of precedence, as JSON: `jsondecode` it for `current` of `cloudflarezt_access_policy_change`. " +
						"A reusable policy is `{ \"id\": … }`, the application's own policies are given inline. `[]` for an application the plan creates."),
					"candidate": computed("Its policies after the plan, in order of precedence, as JSON, for `candidate`: a reusable policy the plan edits is given inline as planned. `[]` for a removed application."),
					"edited_policies": schema.ListAttribute{
						ElementType: types.StringType, Computed: true,
						MarkdownDescription: "The IDs of the reusable policies it uses that the plan edits or deletes.",
					},
				}},
			},
		},
	}
}

func (d *PlanGatesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	var m planGatesModel
	ctx, cancel, _, ok := withConfig(ctx, d.client, req.Config, &m, &resp.Diagnostics)
	if !ok {
		return
	}
	defer cancel()
	file := m.PlanFile.ValueString()
	raw, err := readPlanFile(file)
	if err == nil {
		var plan *plangates.Plan
		if plan, err = plangates.ParsePlan(raw); err == nil {
			d.read(ctx, &m, plan, resp)
			return
		}
	}
	resp.Diagnostics.AddAttributeError(path.Root("plan_file"), "Unusable Plan File", fmt.Sprintf("%s %s.", file, err))
}

func (d *PlanGatesDataSource) read(ctx context.Context, m *planGatesModel, plan *plangates.Plan, resp *datasource.ReadResponse) {
	accountID := m.AccountID.ValueString()
	ctx = withFields(ctx, accountID, "")
	apps, err := d.client.ListApplications(ctx, accountID)
	if err != nil {
		addAPIError(&resp.Diagnostics, newFailedCall(d.client, "Unable to List Access Applications", appsPermission, accountID, ""), err)
		return
	}
	accepted := expectations(m.AcceptRemoved)
	m.Gates = map[string]planGateModel{}
	var problems []string
	for _, g := range plangates.Derive(plan, accountID, apps) {
		who := gateName(g)
		switch {
		case g.Problem != "":
			problems = append(problems, fmt.Sprintf("%s: %s", who, g.Problem))
			continue
		case g.Status == plangates.StatusRemoved && !slices.ContainsFunc(accepted, func(e expectation) bool {
			return strings.EqualFold(string(e), g.Key) || strings.EqualFold(string(e), g.Name) || strings.EqualFold(string(e), g.Domain)
		}):
			problems = append(problems, fmt.Sprintf("%s: the plan deletes it (or it left the configuration), so %s would no longer be behind Access. "+
				"If that is the reviewed intent, name it in `accept_removed` (by id, name or domain).", who, orUnknown(g.Domain)))
			continue
		}
		current, errCurrent := json.Marshal(cleanEntries(g.Current))
		candidate, errCandidate := json.Marshal(cleanEntries(g.Candidate))
		if err := errors.Join(errCurrent, errCandidate); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %s", who, err))
			continue
		}
		gate := planGateModel{
			ApplicationID: types.StringNull(), Address: types.StringNull(),
			Name: types.StringValue(g.Name), Domain: types.StringValue(g.Domain), Status: types.StringValue(g.Status),
			Current: types.StringValue(string(current)), Candidate: types.StringValue(string(candidate)),
			EditedPolicies: make([]types.String, len(g.EditedPolicies)),
		}
		if g.Status != plangates.StatusCreated {
			gate.ApplicationID = types.StringValue(g.Key)
		}
		if g.Address != "" {
			gate.Address = types.StringValue(g.Address)
		}
		for i, id := range g.EditedPolicies {
			gate.EditedPolicies[i] = types.StringValue(id)
		}
		m.Gates[g.Key] = gate
	}
	if len(problems) > 0 {
		shown := problems[:min(len(problems), maxNamed)]
		more := ""
		if n := len(problems) - len(shown); n > 0 {
			more = fmt.Sprintf("\n- and %d more", n)
		}
		resp.Diagnostics.AddAttributeError(path.Root("plan_file"), "Applications Not Gated",
			fmt.Sprintf("%s: %d %s whose access the plan may change cannot be gated, and the gate does not pass on what it did not assess:\n- %s%s",
				m.PlanFile.ValueString(), len(problems), plural(len(problems), "application", "applications"), strings.Join(shown, "\n- "), more))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, m)...)
}

// readPlanFile reads at most maxPlanBytes of file.
func readPlanFile(file string) ([]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, fmt.Errorf("cannot be read: %w", errors.Unwrap(err))
	}
	defer func() { _ = f.Close() }()
	raw, err := io.ReadAll(io.LimitReader(f, maxPlanBytes+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("cannot be read: %w", err)
	case len(raw) > maxPlanBytes:
		return nil, fmt.Errorf("is larger than %d MiB, the most this reads: a plan of a few hundred applications is a few MB; is it the JSON of `terraform show -json tfplan`?", maxPlanBytes>>20)
	}
	return raw, nil
}

func gateName(g plangates.Gate) string {
	switch {
	case g.Name != "" && g.Address != "":
		return fmt.Sprintf("application %q (%s)", g.Name, g.Address)
	case g.Name != "":
		return fmt.Sprintf("application %q (%s)", g.Name, g.Key)
	}
	return "application " + g.Key
}

func orUnknown(domain string) string {
	if domain == "" {
		return "its hostname"
	}
	return domain
}

// cleanEntries drops the null fields the plan's JSON carries for every
// attribute not set (a rule's 25 other types), so that the entries read as
// written.
func cleanEntries(list []plangates.Entry) []any {
	out := make([]any, len(list))
	for i, e := range list {
		out[i] = withoutNulls(e)
	}
	return out
}

func withoutNulls(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, x := range v {
			if x != nil {
				out[k] = withoutNulls(x)
			}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = withoutNulls(x)
		}
		return out
	}
	return v
}
