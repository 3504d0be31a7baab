package policytests

import (
	dstimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

type resourceModel struct {
	ID                types.String   `tfsdk:"id"`
	AccountID         types.String   `tfsdk:"account_id"`
	Policies          types.List     `tfsdk:"policies"`
	Triggers          types.Map      `tfsdk:"triggers"`
	WaitForCompletion types.Bool     `tfsdk:"wait_for_completion"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
	testResults
}

type policyModel struct {
	ID                           types.String `tfsdk:"id"`
	Name                         types.String `tfsdk:"name"`
	Decision                     types.String `tfsdk:"decision"`
	Include                      types.List   `tfsdk:"include"`
	Exclude                      types.List   `tfsdk:"exclude"`
	Require                      types.List   `tfsdk:"require"`
	ApprovalGroups               types.List   `tfsdk:"approval_groups"`
	ApprovalRequired             types.Bool   `tfsdk:"approval_required"`
	IsolationRequired            types.Bool   `tfsdk:"isolation_required"`
	PurposeJustificationRequired types.Bool   `tfsdk:"purpose_justification_required"`
	PurposeJustificationPrompt   types.String `tfsdk:"purpose_justification_prompt"`
	SessionDuration              types.String `tfsdk:"session_duration"`
	ConnectionRules              types.Object `tfsdk:"connection_rules"`
	MfaConfig                    types.Object `tfsdk:"mfa_config"`
}

type approvalGroupModel struct {
	ApprovalsNeeded types.Float64 `tfsdk:"approvals_needed"`
	EmailAddresses  types.List    `tfsdk:"email_addresses"`
	EmailListUUID   types.String  `tfsdk:"email_list_uuid"`
}

type connectionRulesModel struct {
	RDP types.Object `tfsdk:"rdp"`
}

type rdpModel struct {
	LocalToRemote types.List `tfsdk:"allowed_clipboard_local_to_remote_formats"`
	RemoteToLocal types.List `tfsdk:"allowed_clipboard_remote_to_local_formats"`
}

type mfaConfigModel struct {
	AllowedAuthenticators types.List   `tfsdk:"allowed_authenticators"`
	MfaDisabled           types.Bool   `tfsdk:"mfa_disabled"`
	SessionDuration       types.String `tfsdk:"session_duration"`
}

// testResults are the computed fields the resource and the data source share.
type testResults struct {
	Status                types.String `tfsdk:"status"`
	TotalUsers            types.Int64  `tfsdk:"total_users"`
	UsersApproved         types.Int64  `tfsdk:"users_approved"`
	UsersBlocked          types.Int64  `tfsdk:"users_blocked"`
	UsersErrored          types.Int64  `tfsdk:"users_errored"`
	PercentApproved       types.Int64  `tfsdk:"percent_approved"`
	PercentBlocked        types.Int64  `tfsdk:"percent_blocked"`
	PercentErrored        types.Int64  `tfsdk:"percent_errored"`
	PercentUsersProcessed types.Int64  `tfsdk:"percent_users_processed"`
}

// testSummary is a test's id, status and counters: what Create adds to the
// planned value, and each test of a comparison.
type testSummary struct {
	ID types.String `tfsdk:"id"`
	testResults
}

type dataSourceModel struct {
	AccountID           types.String     `tfsdk:"account_id"`
	ID                  types.String     `tfsdk:"id"`
	Policies            types.List       `tfsdk:"policies"`
	AllowPartialResults types.Bool       `tfsdk:"allow_partial_results"`
	Timeouts            dstimeouts.Value `tfsdk:"timeouts"`
	testResults
}

type usersModel struct {
	AccountID    types.String     `tfsdk:"account_id"`
	PolicyTestID types.String     `tfsdk:"policy_test_id"`
	Status       types.String     `tfsdk:"status"`
	MaxUsers     types.Int64      `tfsdk:"max_users"`
	Timeouts     dstimeouts.Value `tfsdk:"timeouts"`
	Users        []userModel      `tfsdk:"users"`
}

type userModel struct {
	ID     types.String `tfsdk:"id"`
	Email  types.String `tfsdk:"email"`
	Name   types.String `tfsdk:"name"`
	Status types.String `tfsdk:"status"`
}
