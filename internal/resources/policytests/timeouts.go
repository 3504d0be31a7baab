package policytests

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// validateTimeouts refuses a zero or negative duration in any `timeouts`
// entry at plan time: the timeouts module checks the format only, and such
// a value would fail the operation at apply with an unclear context error.
// It reads the raw value: the resource and the data sources each have the
// timeouts module's own value type.
func validateTimeouts(_ context.Context, config tfsdk.Config, diags *diag.Diagnostics) {
	raw, _, err := tftypes.WalkAttributePath(config.Raw, tftypes.NewAttributePath().WithAttributeName("timeouts"))
	limits, ok := raw.(tftypes.Value)
	if err != nil || !ok || !limits.IsKnown() || limits.IsNull() {
		return
	}
	var entries map[string]tftypes.Value
	if limits.As(&entries) != nil {
		return
	}
	for name, entry := range entries {
		var s string
		if !entry.IsKnown() || entry.IsNull() || entry.As(&s) != nil {
			continue
		}
		// A value that does not parse is reported by the timeouts module.
		if d, err := time.ParseDuration(s); err == nil && d <= 0 {
			diags.AddAttributeError(path.Root("timeouts").AtName(name), "Invalid Timeout",
				fmt.Sprintf("timeouts.%s must be a positive duration such as \"20m\", got %q.", name, s))
		}
	}
}
