package client

import "encoding/json"

// PolicyTestRequest is the body of a start call.
type PolicyTestRequest struct {
	Policies []PolicyEntry `json:"policies"`
}

// PolicyEntry is either the id of an existing reusable policy or an inline
// policy. On the wire an id is a bare string, never an object.
type PolicyEntry struct {
	ID     string
	Inline *InlinePolicy
}

// MarshalJSON writes a bare string for an id and an object otherwise.
func (p PolicyEntry) MarshalJSON() ([]byte, error) {
	if p.Inline == nil {
		return json.Marshal(p.ID)
	}
	return json.Marshal(p.Inline)
}

// InlinePolicy is a policy tested without being saved. Optional fields are
// pointers or nil slices so that what the user left out is not sent; an
// empty but non-nil slice is sent as [].
type InlinePolicy struct {
	Name                         string           `json:"name"`
	Decision                     string           `json:"decision"`
	Include                      []AccessRule     `json:"include"`
	Exclude                      []AccessRule     `json:"exclude,omitzero"`
	Require                      []AccessRule     `json:"require,omitzero"`
	ApprovalGroups               []ApprovalGroup  `json:"approval_groups,omitzero"`
	ApprovalRequired             *bool            `json:"approval_required,omitempty"`
	IsolationRequired            *bool            `json:"isolation_required,omitempty"`
	PurposeJustificationRequired *bool            `json:"purpose_justification_required,omitempty"`
	PurposeJustificationPrompt   *string          `json:"purpose_justification_prompt,omitempty"`
	SessionDuration              *string          `json:"session_duration,omitempty"`
	ConnectionRules              *ConnectionRules `json:"connection_rules,omitempty"`
	MfaConfig                    *MfaConfig       `json:"mfa_config,omitempty"`
}

// AccessRule holds exactly one key, the rule type's wire name, whose value
// holds the rule's parameters (strings, or a list of strings).
type AccessRule map[string]RuleParams

// RuleParams are the parameters of one rule; empty for rule types such as
// everyone, which go on the wire as {}.
type RuleParams map[string]any

// ApprovalGroup names who may approve a temporary-authentication request.
type ApprovalGroup struct {
	ApprovalsNeeded float64  `json:"approvals_needed"`
	EmailAddresses  []string `json:"email_addresses,omitzero"`
	EmailListUUID   *string  `json:"email_list_uuid,omitempty"`
}

// ConnectionRules holds the RDP clipboard rules.
type ConnectionRules struct {
	RDP *RDPRules `json:"rdp,omitempty"`
}

// RDPRules lists the clipboard formats allowed each way.
type RDPRules struct {
	AllowedClipboardLocalToRemoteFormats []string `json:"allowed_clipboard_local_to_remote_formats,omitzero"`
	AllowedClipboardRemoteToLocalFormats []string `json:"allowed_clipboard_remote_to_local_formats,omitzero"`
}

// MfaConfig is a policy's MFA settings.
type MfaConfig struct {
	AllowedAuthenticators []string `json:"allowed_authenticators,omitzero"`
	MfaDisabled           *bool    `json:"mfa_disabled,omitempty"`
	SessionDuration       *string  `json:"session_duration,omitempty"`
}
