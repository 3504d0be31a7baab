package emulator

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
)

// The applications endpoints (contract §11.1): the account's Access
// applications with their policies embedded in ascending order of
// precedence, each a whole policy with its precedence and whether it is
// reusable, paged like the users endpoint.

func (e *Emulator) applications(w http.ResponseWriter, r *http.Request, appID string) int {
	d := e.opts.Directory
	if appID != "" {
		i := slices.IndexFunc(d.Applications, func(a Application) bool { return a.ID == appID })
		if i < 0 {
			return writeError(w, http.StatusNotFound, codeUnknownApplication, "access.api.error.not_found: application not found", "")
		}
		return writeEnvelopeInfo(w, d.applicationJSON(d.Applications[i]), nil)
	}
	q := r.URL.Query()
	page, perPage := 1, 25
	for name, into := range map[string]*int{"page": &page, "per_page": &perPage} {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 {
				return writeError(w, http.StatusBadRequest, codeInvalidUsersArg, name+" must be a whole number of at least 1", "")
			}
			*into = n
		}
	}
	perPage = min(perPage, 1000, e.opts.MaxPerPage)
	rows := []map[string]any{}
	for i := (page - 1) * perPage; i >= 0 && i < len(d.Applications) && len(rows) < perPage; i++ {
		rows = append(rows, d.applicationJSON(d.Applications[i]))
	}
	return writeEnvelopeInfo(w, rows, map[string]any{"page": page, "per_page": perPage, "count": len(rows), "total_count": len(d.Applications)})
}

// applicationJSON is app as the API answers it.
func (d *Directory) applicationJSON(app Application) map[string]any {
	policies := slices.Clone(app.Policies)
	slices.SortFunc(policies, func(a, b ApplicationPolicy) int { return a.Precedence - b.Precedence })
	out := make([]map[string]any, 0, len(policies))
	for _, p := range policies {
		body, reusable := p.Policy, p.Policy == nil
		if reusable {
			body = d.ReusablePolicies[p.ID]
		}
		var fields map[string]any
		_ = json.Unmarshal(body, &fields) // checked when the directory was parsed
		fields["id"], fields["precedence"], fields["reusable"] = p.ID, p.Precedence, reusable
		out = append(out, fields)
	}
	typ := app.Type
	if typ == "" {
		typ = "self_hosted"
	}
	return map[string]any{"id": app.ID, "name": app.Name, "domain": app.Domain, "type": typ, "policies": out}
}
