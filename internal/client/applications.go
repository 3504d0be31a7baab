package client

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
)

// Application is an Access application as GET
// /accounts/{account_id}/access/apps answers it (contract §11.1): its
// policies in ascending order of precedence, each a whole policy.
type Application struct {
	ID       string              `json:"id"`
	Name     string              `json:"name"`
	Domain   string              `json:"domain"`
	Type     string              `json:"type"`
	Policies []ApplicationPolicy `json:"policies"`
}

// ApplicationPolicy is one policy of an application: reusable (shared,
// testable by id) or the application's own. Fields holds every field the
// API sent, in wire form (name, decision, include, … and id, precedence,
// reusable themselves).
type ApplicationPolicy struct {
	ID         string
	Precedence int
	Reusable   bool
	Fields     map[string]json.RawMessage
}

// UnmarshalJSON keeps every field and reads the three the reader needs.
func (p *ApplicationPolicy) UnmarshalJSON(raw []byte) error {
	if err := json.Unmarshal(raw, &p.Fields); err != nil {
		return err
	}
	var known struct {
		ID         string `json:"id"`
		Precedence int    `json:"precedence"`
		Reusable   bool   `json:"reusable"`
	}
	if err := json.Unmarshal(raw, &known); err != nil {
		return err
	}
	p.ID, p.Precedence, p.Reusable = known.ID, known.Precedence, known.Reusable
	return nil
}

// Bounds on one listing of applications, whatever the server does.
const (
	applicationsPerPage = 100
	maxApplicationPages = 1_000
)

// ListApplications reads every account-level Access application, page by
// page until a page comes back empty (a server may clamp per_page, so a
// short page proves nothing), stopping on a page of
// applications already listed and after maxApplicationPages pages.
// Zone-level applications (/zones/{zone_id}/access/apps) are not read.
func (c *Client) ListApplications(ctx context.Context, accountID string) ([]Application, error) {
	if err := checkIDs(accountID); err != nil {
		return nil, err
	}
	var all []Application
	seen := map[string]bool{}
	for page := 1; page <= maxApplicationPages; page++ {
		query := url.Values{"page": {strconv.Itoa(page)}, "per_page": {strconv.Itoa(applicationsPerPage)}}
		var rows []Application
		if err := c.do(ctx, "GET", "/accounts/"+accountID+"/access/apps", query, nil, &rows); err != nil {
			return nil, fmt.Errorf("reading page %d of the account's Access applications: %w", page, err)
		}
		fresh := 0
		for i, app := range rows {
			if app.ID == "" {
				return nil, fmt.Errorf("page %d of the applications has an application without an id (row %d): stopping", page, i+1)
			}
			if !seen[app.ID] {
				seen[app.ID] = true
				fresh++
				all = append(all, c.masked(app))
			}
		}
		if len(rows) == 0 {
			return all, nil
		}
		if fresh == 0 {
			return nil, fmt.Errorf("page %d of the applications holds only applications already listed (first %s): the API is not paging; stopping", page, c.redact.text(rows[0].ID))
		}
	}
	return nil, fmt.Errorf("stopped listing applications after %d pages, the most one listing reads", maxApplicationPages)
}

// masked is app with every credential the server echoes masked: its names
// and policies reach state, plan files and messages.
func (c *Client) masked(app Application) Application {
	app.ID, app.Name, app.Domain, app.Type = c.redact.text(app.ID), c.redact.text(app.Name), c.redact.text(app.Domain), c.redact.text(app.Type)
	for i := range app.Policies {
		p := &app.Policies[i]
		p.ID = c.redact.text(p.ID)
		for k, raw := range p.Fields {
			if c.redact.contains(string(raw)) {
				p.Fields[k] = json.RawMessage(c.redact.text(string(raw)))
			}
		}
	}
	return app
}
