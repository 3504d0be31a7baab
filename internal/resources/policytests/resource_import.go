package policytests

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
)

// ImportState takes "<account_id>/<test_id>".
func (r *Resource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	accountID, testID, err := parseImportID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid Import ID", err.Error())
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("account_id"), accountID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), testID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("wait_for_completion"), true)...)
}

// parseImportID splits "<account_id>/<test_id>". Test ids are 64 hex
// characters in practice though the API calls them UUIDs: both shapes are
// accepted, nothing that could change the request's path.
func parseImportID(id string) (accountID, testID string, err error) {
	parts := strings.Split(id, "/")
	if len(parts) != 2 {
		return "", "", fmt.Errorf("expected an import ID of the form `<account_id>/<policy_test_id>`, got %q", id)
	}
	accountID, testID = parts[0], parts[1]
	if !accountIDPattern.MatchString(accountID) {
		return "", "", fmt.Errorf("the account ID in %q must be 32 lowercase hexadecimal characters, got %q", id, accountID)
	}
	if !client.ValidID(testID) {
		return "", "", fmt.Errorf("the policy test ID in %q must be up to 64 hexadecimal characters and hyphens, got %q", id, testID)
	}
	return accountID, testID, nil
}
