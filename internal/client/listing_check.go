package client

import (
	"fmt"
)

// The outcomes a users row reports, and the filter value that selects each.
const (
	RowApproved = "approved"
	RowBlocked  = "blocked"
	RowError    = "error"
)

// RowStatusOf maps a users filter value to the row status it selects.
var RowStatusOf = map[string]string{
	UsersFilterApproved: RowApproved,
	UsersFilterBlocked:  RowBlocked,
	UsersFilterError:    RowError,
}

// ExpectedRows is how many rows a full listing with this filter ("" for
// every user) holds according to the test's own counters; ok is false when
// a counter it needs is absent.
func (t *PolicyTest) ExpectedRows(filter string) (n int64, ok bool) {
	switch filter {
	case UsersFilterApproved:
		return t.UsersApproved.Value, t.UsersApproved.Set
	case UsersFilterBlocked:
		return t.UsersBlocked.Value, t.UsersBlocked.Set
	case UsersFilterError:
		return t.UsersErrored.Value, t.UsersErrored.Set
	}
	return t.UsersApproved.Value + t.UsersBlocked.Value + t.UsersErrored.Value,
		t.UsersApproved.Set && t.UsersBlocked.Set && t.UsersErrored.Set
}

// ListingMismatchError says how a users listing contradicts what was asked
// for or the test's counters. A gate must not compare such a listing.
type ListingMismatchError struct {
	Filter string // the filter value sent, "" for none
	Reason string
}

func (e *ListingMismatchError) Error() string {
	asked := "every user"
	if e.Filter != "" {
		asked = fmt.Sprintf("users with status %q (filter %s)", RowStatusOf[e.Filter], e.Filter)
	}
	return fmt.Sprintf("the listing of %s %s", asked, e.Reason)
}

// CheckListing verifies a listing: each row has the outcome the filter
// selects (a row that says nothing is not contradicting it), no user
// appears twice, and, when t is not nil (a full listing of a finished
// test), the rows add up to the test's counter. Server values in the error
// are capped and have the credentials masked.
func (c *Client) CheckListing(t *PolicyTest, filter string, rows []PolicyTestUser) error {
	return c.redact.error(checkListing(t, filter, rows))
}

func checkListing(t *PolicyTest, filter string, rows []PolicyTestUser) error {
	mismatch := func(format string, args ...any) error {
		return &ListingMismatchError{Filter: filter, Reason: fmt.Sprintf(format, args...)}
	}
	want := RowStatusOf[filter]
	seen := make(map[string]struct{}, len(rows))
	for i, row := range rows {
		if want != "" && row.Status != "" && row.Status != want {
			return mismatch("has a row with status %q (row %d, user %q)", CapText(row.Status, 40), i+1, CapText(row.ID, 64))
		}
		if _, dup := seen[row.ID]; dup {
			return mismatch("lists user %q twice (again at row %d)", CapText(row.ID, 64), i+1)
		}
		seen[row.ID] = struct{}{}
	}
	if t == nil {
		return nil
	}
	expected, ok := t.ExpectedRows(filter)
	if !ok {
		return mismatch("cannot be checked: policy test %s reports no counter for it", t.ID)
	}
	if int64(len(rows)) != expected {
		return mismatch("has %d rows, but policy test %s counts %d", len(rows), t.ID, expected)
	}
	return nil
}
