package policytests

import (
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
)

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

func peopleModels(people []client.PolicyTestUser) []personModel {
	out := make([]personModel, len(people))
	for i, p := range people {
		out[i] = newPersonModel(p)
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
	m.StandingRules = ruleModels(o.Rules)
}
