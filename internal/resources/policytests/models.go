package policytests

import (
	"context"
	"time"

	actiontimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/action/timeouts"
	dstimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/datasource/timeouts"
	ephemeraltimeouts "github.com/hashicorp/terraform-plugin-framework-timeouts/ephemeral/timeouts"
	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
)

// The models of every entity of the package, each beside the timeout that
// bounds its operation (operation.go), then the parts they share. A
// policies list stays a types.List here: internal/policy converts it.

// resourceModel is the resource cloudflarezt_access_policy_test. Its
// timeouts are read where each operation begins (resource.go).
type resourceModel struct {
	ID                types.String   `tfsdk:"id"`
	AccountID         types.String   `tfsdk:"account_id"`
	Policies          types.List     `tfsdk:"policies"`
	Triggers          types.Map      `tfsdk:"triggers"`
	WaitForCompletion types.Bool     `tfsdk:"wait_for_completion"`
	Timeouts          timeouts.Value `tfsdk:"timeouts"`
	testResults
}

// dataSourceModel is the data source cloudflarezt_access_policy_test.
type dataSourceModel struct {
	AccountID           types.String     `tfsdk:"account_id"`
	ID                  types.String     `tfsdk:"id"`
	Policies            types.List       `tfsdk:"policies"`
	AllowPartialResults types.Bool       `tfsdk:"allow_partial_results"`
	Timeouts            dstimeouts.Value `tfsdk:"timeouts"`
	standingRules
	testResults
	StandingRules []standingRuleModel `tfsdk:"standing_rules"`
}

func (m *dataSourceModel) timeout(ctx context.Context) (time.Duration, diag.Diagnostics) {
	return m.Timeouts.Read(ctx, defaultReadTimeout)
}

// usersModel is the data source cloudflarezt_access_policy_test_users.
type usersModel struct {
	AccountID    types.String     `tfsdk:"account_id"`
	PolicyTestID types.String     `tfsdk:"policy_test_id"`
	Status       types.String     `tfsdk:"status"`
	MaxUsers     types.Int64      `tfsdk:"max_users"`
	Timeouts     dstimeouts.Value `tfsdk:"timeouts"`
	Users        []userModel      `tfsdk:"users"`
}

func (m *usersModel) timeout(ctx context.Context) (time.Duration, diag.Diagnostics) {
	return m.Timeouts.Read(ctx, defaultUsersReadTimeout)
}

// testActionModel is the action cloudflarezt_access_policy_test.
type testActionModel struct {
	AccountID         types.String         `tfsdk:"account_id"`
	Policies          types.List           `tfsdk:"policies"`
	MaxUsersBlocked   types.Int64          `tfsdk:"max_users_blocked"`
	MaxPercentBlocked types.Int64          `tfsdk:"max_percent_blocked"`
	MaxUsersErrored   types.Int64          `tfsdk:"max_users_errored"`
	Timeouts          actiontimeouts.Value `tfsdk:"timeouts"`
	standingRules
}

func (m *testActionModel) timeout(ctx context.Context) (time.Duration, diag.Diagnostics) {
	return m.Timeouts.Invoke(ctx, defaultInvokeTimeout)
}

// changeModel is the data source cloudflarezt_access_policy_change.
type changeModel struct {
	changeInputs
	Timeouts dstimeouts.Value `tfsdk:"timeouts"`
	changeResults
}

func (m *changeModel) timeout(ctx context.Context) (time.Duration, diag.Diagnostics) {
	return m.Timeouts.Read(ctx, defaultReadTimeout)
}

// changeEphemeralModel is the ephemeral resource
// cloudflarezt_access_policy_change.
type changeEphemeralModel struct {
	changeInputs
	Timeouts ephemeraltimeouts.Value `tfsdk:"timeouts"`
	changeResults
}

func (m *changeEphemeralModel) timeout(ctx context.Context) (time.Duration, diag.Diagnostics) {
	return m.Timeouts.Open(ctx, defaultReadTimeout)
}

// changeActionModel is the action cloudflarezt_access_policy_change.
type changeActionModel struct {
	changeInputs
	Timeouts actiontimeouts.Value `tfsdk:"timeouts"`
}

func (m *changeActionModel) timeout(ctx context.Context) (time.Duration, diag.Diagnostics) {
	return m.Timeouts.Invoke(ctx, defaultInvokeTimeout)
}

// testResults are a test's status and counters (results.go): the
// resource's and the test data source's computed fields.
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

// changeInputs are the arguments of every form of the comparison
// (changeInputAttributes).
type changeInputs struct {
	AccountID             types.String   `tfsdk:"account_id"`
	Current               types.List     `tfsdk:"current"`
	Candidate             types.List     `tfsdk:"candidate"`
	ExpectedNewlyBlocked  []types.String `tfsdk:"expected_newly_blocked"`
	ExpectedNewlyApproved []types.String `tfsdk:"expected_newly_approved"`
	FailOnUnmatched       types.Bool     `tfsdk:"fail_on_unmatched_expectations"`
	standingRules
}

// standingRules are the inputs always_approved and never_approved
// (standingRuleAttributes): what must hold whatever the change.
type standingRules struct {
	AlwaysApproved       []types.String   `tfsdk:"always_approved"`
	NeverApproved        []types.String   `tfsdk:"never_approved"`
	Exceptions           []exceptionModel `tfsdk:"exceptions"`
	ExceptionWarningDays types.Int64      `tfsdk:"exception_warning_days"`
}

// standingRuleModel is one checked entry of the standing rules
// (standingRulesResult).
type standingRuleModel struct {
	Rule       types.String    `tfsdk:"rule"`
	Entry      types.String    `tfsdk:"entry"`
	Status     types.String    `tfsdk:"status"`
	ViolatedBy []personModel   `tfsdk:"violated_by"`
	Excepted   []exceptedModel `tfsdk:"excepted"`
}

// exceptedModel is a person an exception took out of a rule.
type exceptedModel struct {
	ID        types.String `tfsdk:"id"`
	Email     types.String `tfsdk:"email"`
	Name      types.String `tfsdk:"name"`
	Exception types.Int64  `tfsdk:"exception"`
	Owner     types.String `tfsdk:"owner"`
	Expires   types.String `tfsdk:"expires"`
}

// changeResults are the comparison's results (changeResultAttributes), as
// the data source stores them and the ephemeral resource returns them.
type changeResults struct {
	NewlyBlocked                 []personModel       `tfsdk:"newly_blocked"`
	NewlyApproved                []personModel       `tfsdk:"newly_approved"`
	UnexpectedNewlyBlocked       []personModel       `tfsdk:"unexpected_newly_blocked"`
	UnexpectedNewlyApproved      []personModel       `tfsdk:"unexpected_newly_approved"`
	NewlyBlockedCount            types.Int64         `tfsdk:"newly_blocked_count"`
	NewlyApprovedCount           types.Int64         `tfsdk:"newly_approved_count"`
	UnexpectedNewlyBlockedCount  types.Int64         `tfsdk:"unexpected_newly_blocked_count"`
	UnexpectedNewlyApprovedCount types.Int64         `tfsdk:"unexpected_newly_approved_count"`
	Summary                      types.String        `tfsdk:"summary"`
	CurrentTest                  *testSummary        `tfsdk:"current_test"`
	CandidateTest                *testSummary        `tfsdk:"candidate_test"`
	StandingRules                []standingRuleModel `tfsdk:"standing_rules"`
}

// personModel is one person of a test's directory (personAttributes).
type personModel struct {
	ID    types.String `tfsdk:"id"`
	Email types.String `tfsdk:"email"`
	Name  types.String `tfsdk:"name"`
}

func newPersonModel(u client.PolicyTestUser) personModel {
	return personModel{ID: types.StringValue(u.ID), Email: types.StringValue(u.Email), Name: types.StringValue(u.Name)}
}

// userModel is a person the users data source lists, with the outcome of
// the test for them.
type userModel struct {
	personModel
	Status types.String `tfsdk:"status"`
}

// planGatesModel is cloudflarezt_access_plan_gates.
type planGatesModel struct {
	AccountID     types.String             `tfsdk:"account_id"`
	PlanFile      types.String             `tfsdk:"plan_file"`
	AcceptRemoved []types.String           `tfsdk:"accept_removed"`
	Timeouts      dstimeouts.Value         `tfsdk:"timeouts"`
	Gates         map[string]planGateModel `tfsdk:"gates"`
}

func (m *planGatesModel) timeout(ctx context.Context) (time.Duration, diag.Diagnostics) {
	return m.Timeouts.Read(ctx, defaultUsersReadTimeout)
}

// planGateModel is one application whose access the plan may change.
type planGateModel struct {
	ApplicationID  types.String   `tfsdk:"application_id"`
	Address        types.String   `tfsdk:"address"`
	Name           types.String   `tfsdk:"name"`
	Domain         types.String   `tfsdk:"domain"`
	Status         types.String   `tfsdk:"status"`
	Current        types.String   `tfsdk:"current"`
	Candidate      types.String   `tfsdk:"candidate"`
	EditedPolicies []types.String `tfsdk:"edited_policies"`
}

// applicationsModel is cloudflarezt_access_applications.
type applicationsModel struct {
	AccountID    types.String                `tfsdk:"account_id"`
	Timeouts     dstimeouts.Value            `tfsdk:"timeouts"`
	Applications map[string]applicationModel `tfsdk:"applications"`
}

func (m *applicationsModel) timeout(ctx context.Context) (time.Duration, diag.Diagnostics) {
	return m.Timeouts.Read(ctx, defaultUsersReadTimeout)
}

// applicationModel is one of the account's Access applications.
type applicationModel struct {
	Name     types.String `tfsdk:"name"`
	Domain   types.String `tfsdk:"domain"`
	Type     types.String `tfsdk:"type"`
	Policies types.String `tfsdk:"policies"`
}
