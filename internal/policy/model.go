package policy

import "github.com/hashicorp/terraform-plugin-framework/types"

// policyModel is one element of a policies list (schema.go).
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
