package policytests

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
)

// changeResults are the comparison's results (changeResultAttributes), as
// the data source stores them and the ephemeral resource returns them.
type changeResults struct {
	NewlyBlocked                 []personModel `tfsdk:"newly_blocked"`
	NewlyApproved                []personModel `tfsdk:"newly_approved"`
	UnexpectedNewlyBlocked       []personModel `tfsdk:"unexpected_newly_blocked"`
	UnexpectedNewlyApproved      []personModel `tfsdk:"unexpected_newly_approved"`
	NewlyBlockedCount            types.Int64   `tfsdk:"newly_blocked_count"`
	NewlyApprovedCount           types.Int64   `tfsdk:"newly_approved_count"`
	UnexpectedNewlyBlockedCount  types.Int64   `tfsdk:"unexpected_newly_blocked_count"`
	UnexpectedNewlyApprovedCount types.Int64   `tfsdk:"unexpected_newly_approved_count"`
	Summary                      types.String  `tfsdk:"summary"`
	CurrentTest                  *testSummary  `tfsdk:"current_test"`
	CandidateTest                *testSummary  `tfsdk:"candidate_test"`
}

type personModel struct {
	ID    types.String `tfsdk:"id"`
	Email types.String `tfsdk:"email"`
	Name  types.String `tfsdk:"name"`
}

// summarize is a test's summary, or null for a side without policies,
// which runs no test.
func summarize(t *client.PolicyTest) *testSummary {
	if t == nil {
		return nil
	}
	s := &testSummary{ID: types.StringValue(t.ID)}
	s.set(t)
	return s
}

func peopleModels(people []person) []personModel {
	out := make([]personModel, len(people))
	for i, p := range people {
		out[i] = personModel{ID: types.StringValue(p.ID), Email: types.StringValue(p.Email), Name: types.StringValue(p.Name)}
	}
	return out
}

func (m *changeResults) set(o *changeOutcome) {
	m.NewlyBlocked, m.NewlyApproved = peopleModels(o.NewlyBlocked), peopleModels(o.NewlyApproved)
	m.UnexpectedNewlyBlocked, m.UnexpectedNewlyApproved = peopleModels(o.UnexpectedBlocked), peopleModels(o.UnexpectedApproved)
	m.NewlyBlockedCount = types.Int64Value(int64(len(o.NewlyBlocked)))
	m.NewlyApprovedCount = types.Int64Value(int64(len(o.NewlyApproved)))
	m.UnexpectedNewlyBlockedCount = types.Int64Value(int64(len(o.UnexpectedBlocked)))
	m.UnexpectedNewlyApprovedCount = types.Int64Value(int64(len(o.UnexpectedApproved)))
	m.Summary = types.StringValue(o.summary())
	m.CurrentTest, m.CandidateTest = summarize(o.Current), summarize(o.Candidate)
}
