package policytests

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
)

// operationModel is the configuration of a data source read, an ephemeral
// open or an action invocation, which knows how long the operation may
// take (models.go).
type operationModel interface {
	timeout(context.Context) (time.Duration, diag.Diagnostics)
}

// withConfig is how every data source read and action invocation begins:
// it checks that the provider is configured, reads config into m (a pointer
// to the model) and returns ctx bounded by the operation's timeout. ok is
// false after an error diagnostic; cancel must be called otherwise.
func withConfig(ctx context.Context, c *client.Client, config tfsdk.Config, m operationModel, diags *diag.Diagnostics,
) (bounded context.Context, cancel context.CancelFunc, timeout time.Duration, ok bool) {
	if c == nil {
		notConfigured(diags)
		return ctx, nil, 0, false
	}
	diags.Append(config.Get(ctx, m)...)
	if diags.HasError() {
		return ctx, nil, 0, false
	}
	timeout, limitDiags := m.timeout(ctx)
	diags.Append(limitDiags...)
	if diags.HasError() {
		return ctx, nil, 0, false
	}
	bounded, cancel = context.WithTimeout(ctx, timeout)
	return bounded, cancel, timeout, true
}

// beginInvoke is withConfig for an action, with the progress reports of the
// invocation.
func beginInvoke(ctx context.Context, c *client.Client, req action.InvokeRequest, resp *action.InvokeResponse, m operationModel,
) (bounded context.Context, cancel context.CancelFunc, timeout time.Duration, p *progress, ok bool) {
	bounded, cancel, timeout, ok = withConfig(ctx, c, req.Config, m, &resp.Diagnostics)
	if !ok {
		return ctx, nil, 0, nil, false
	}
	return bounded, cancel, timeout, invocationProgress(resp), true
}

// withFields adds the account and the test (once it has an id) to every
// log line of an operation.
func withFields(ctx context.Context, accountID, testID string) context.Context {
	ctx = tflog.SetField(ctx, "account_id", accountID)
	if testID != "" {
		ctx = tflog.SetField(ctx, "policy_test_id", testID)
	}
	return ctx
}
