package policytests

import (
	"context"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
)

// operationModel is the configuration of a data source read or an action
// invocation, which knows how long the operation may take.
type operationModel interface {
	timeout(context.Context) (time.Duration, diag.Diagnostics)
}

func (m *changeModel) timeout(ctx context.Context) (time.Duration, diag.Diagnostics) {
	return m.Timeouts.Read(ctx, defaultReadTimeout)
}

func (m *dataSourceModel) timeout(ctx context.Context) (time.Duration, diag.Diagnostics) {
	return m.Timeouts.Read(ctx, defaultReadTimeout)
}

func (m *usersModel) timeout(ctx context.Context) (time.Duration, diag.Diagnostics) {
	return m.Timeouts.Read(ctx, defaultUsersReadTimeout)
}

func (m *changeActionModel) timeout(ctx context.Context) (time.Duration, diag.Diagnostics) {
	return m.Timeouts.Invoke(ctx, defaultInvokeTimeout)
}

func (m *testActionModel) timeout(ctx context.Context) (time.Duration, diag.Diagnostics) {
	return m.Timeouts.Invoke(ctx, defaultInvokeTimeout)
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
