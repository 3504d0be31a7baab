package emulator

import "fmt"

// The fields the API contract defines for a start call, with their JSON
// types, enums and whether they are required; validate.go checks bodies
// against them.

// fieldKind is the JSON type a field must have.
type fieldKind int

const (
	kindString fieldKind = iota
	kindStringList
	kindBool
	kindNumber
	kindNullableString
)

type fieldSpec struct {
	kind     fieldKind
	required bool
	enum     []string // allowed values (for kindStringList: of each element)
	check    func(string) error
}

// ruleSpecs lists the 26 rule types by wire name, written from the API
// contract independently of the provider's schema so that each checks the other.
var ruleSpecs = map[string]map[string]fieldSpec{
	"group":                     {"id": req()},
	"any_valid_service_token":   {},
	"auth_context":              {"id": req(), "ac_id": req(), "identity_provider_id": req()},
	"auth_method":               {"auth_method": req()},
	"azureAD":                   {"id": req(), "identity_provider_id": req()},
	"certificate":               {},
	"common_name":               {"common_name": req()},
	"geo":                       {"country_code": req()},
	"device_posture":            {"integration_uid": req(), "account_id": {kind: kindString, check: atMost32}},
	"email_domain":              {"domain": req()},
	"email_list":                {"id": req()},
	"email":                     {"email": {kind: kindString, required: true, check: checkEmail}},
	"everyone":                  {},
	"external_evaluation":       {"evaluate_url": req(), "keys_url": req()},
	"github-organization":       {"identity_provider_id": req(), "name": req(), "team": {kind: kindString}},
	"gsuite":                    {"email": req(), "identity_provider_id": req()},
	"login_method":              {"id": req()},
	"ip_list":                   {"id": req()},
	"ip":                        {"ip": {kind: kindString, required: true, check: checkCIDR}},
	"okta":                      {"identity_provider_id": req(), "name": req()},
	"saml":                      {"attribute_name": req(), "attribute_value": req(), "identity_provider_id": req()},
	"oidc":                      {"claim_name": req(), "claim_value": req(), "identity_provider_id": req()},
	"service_token":             {"token_id": req()},
	"linked_app_token":          {"app_uid": req()},
	"user_risk_score":           {"user_risk_score": {kind: kindStringList, required: true, enum: []string{"low", "medium", "high", "unscored"}}},
	"cloudflare_account_member": {"account_id": {kind: kindString, check: atMost32}},
}

func atMost32(s string) error {
	if len(s) > 32 {
		return fmt.Errorf("must be at most 32 characters")
	}
	return nil
}

func req() fieldSpec { return fieldSpec{kind: kindString, required: true} }

var inlinePolicySpec = map[string]fieldSpec{
	"name":                           {kind: kindString, required: true},
	"decision":                       {kind: kindString, required: true, enum: []string{"allow", "deny", "non_identity", "bypass"}},
	"approval_required":              {kind: kindBool},
	"isolation_required":             {kind: kindBool},
	"purpose_justification_required": {kind: kindBool},
	"purpose_justification_prompt":   {kind: kindString},
	"session_duration":               {kind: kindNullableString, check: checkDuration},
}

var approvalGroupSpec = map[string]fieldSpec{
	"approvals_needed": {kind: kindNumber, required: true},
	"email_addresses":  {kind: kindStringList},
	"email_list_uuid":  {kind: kindString},
}

var clipboardFormats = []string{"text", "file"}

var rdpSpec = map[string]fieldSpec{
	"allowed_clipboard_local_to_remote_formats": {kind: kindStringList, enum: clipboardFormats},
	"allowed_clipboard_remote_to_local_formats": {kind: kindStringList, enum: clipboardFormats},
}

var mfaSpec = map[string]fieldSpec{
	"allowed_authenticators": {kind: kindStringList, enum: []string{"totp", "biometrics", "security_key"}},
	"mfa_disabled":           {kind: kindBool},
	"session_duration":       {kind: kindString, check: checkMFADuration},
}

// ValidationError is a 400 answer: a message and the JSON pointer of the
// offending field.
