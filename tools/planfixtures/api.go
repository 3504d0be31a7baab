package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// accessAPI serves the official provider what it reads and writes of
// Access applications and reusable policies (create, read, update, delete),
// from memory, seeded with the emulator's sample account so that the
// plans' ids are the ones the acceptance tests' emulator serves.
type accessAPI struct {
	mu       sync.Mutex
	policies map[string]map[string]any // reusable, by id
	apps     map[string]map[string]any // by id; policies as {id, precedence} or own (with "own": true)
	own      map[string]map[string]any // applications' own policies, by id
	ids      map[string]string         // the id a new object of this name gets
	next     int
}

func newAccessAPI(d *emulator.Directory, ids map[string]string) *accessAPI {
	a := &accessAPI{policies: map[string]map[string]any{}, apps: map[string]map[string]any{}, own: map[string]map[string]any{}, ids: ids}
	for id, raw := range d.ReusablePolicies {
		var p map[string]any
		_ = json.Unmarshal(raw, &p)
		a.policies[id] = p
	}
	for _, app := range d.Applications {
		var refs []any
		for _, p := range app.Policies {
			if p.Policy != nil {
				var own map[string]any
				_ = json.Unmarshal(p.Policy, &own)
				a.own[p.ID] = own
			}
			refs = append(refs, map[string]any{"id": p.ID, "precedence": p.Precedence})
		}
		a.apps[app.ID] = map[string]any{"name": app.Name, "domain": app.Domain, "type": "self_hosted", "policies": refs}
	}
	return a
}

var route = regexp.MustCompile(`^/client/v4/accounts/([0-9a-f]{32})/access/(apps|policies)(?:/([^/]+))?$`)

func (a *accessAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m := route.FindStringSubmatch(r.URL.Path)
	if m == nil {
		reply(w, http.StatusNotFound, nil, fmt.Sprintf("no route for %s %s", r.Method, r.URL.Path))
		return
	}
	account, kind, id := m[1], m[2], m[3]
	var body map[string]any
	if r.Method == http.MethodPost || r.Method == http.MethodPut {
		raw, _ := io.ReadAll(r.Body)
		if err := json.Unmarshal(raw, &body); err != nil {
			reply(w, http.StatusBadRequest, nil, err.Error())
			return
		}
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	store := a.policies
	if kind == "apps" {
		store = a.apps
	}
	switch r.Method {
	case http.MethodPost:
		id = a.newID(body)
		fallthrough
	case http.MethodPut:
		if _, ok := store[id]; !ok && r.Method == http.MethodPut {
			reply(w, http.StatusNotFound, nil, "not found")
			return
		}
		if kind == "apps" {
			body["policies"] = a.storeOwn(body["policies"])
		}
		delete(body, "account_id")
		store[id] = body
	case http.MethodDelete:
		delete(store, id)
		reply(w, http.StatusOK, map[string]any{"id": id}, "")
		return
	case http.MethodGet:
		if id == "" {
			var out []any
			for _, k := range sortedKeys(store) {
				out = append(out, a.render(kind, account, k))
			}
			reply(w, http.StatusOK, out, "")
			return
		}
	}
	if _, ok := store[id]; !ok {
		reply(w, http.StatusNotFound, nil, "not found")
		return
	}
	reply(w, http.StatusOK, a.render(kind, account, id), "")
}

// newID is the id the sample gives an object of this name, or a fresh one.
func (a *accessAPI) newID(body map[string]any) string {
	name, _ := body["name"].(string)
	if id, ok := a.ids[name]; ok {
		return id
	}
	a.next++
	return fmt.Sprintf("f%07d-0000-4000-8000-%012d", a.next, a.next)
}

// storeOwn keeps an application's own policies (given inline) under ids of
// their own and returns the list by reference.
func (a *accessAPI) storeOwn(v any) []any {
	list, _ := v.([]any)
	var refs []any
	for i, item := range list {
		p, _ := item.(map[string]any)
		precedence := p["precedence"]
		if precedence == nil {
			precedence = i + 1
		}
		id, _ := p["id"].(string)
		if p["include"] != nil {
			if id == "" {
				id = a.newID(p)
			}
			own := map[string]any{}
			for k, v := range p {
				if k != "id" && k != "precedence" {
					own[k] = v
				}
			}
			a.own[id] = own
		}
		refs = append(refs, map[string]any{"id": id, "precedence": precedence})
	}
	return refs
}

// render is an object as the API answers it: an application's policies
// whole, in order of precedence.
func (a *accessAPI) render(kind, account, id string) map[string]any {
	out := map[string]any{"id": id}
	if kind == "policies" {
		for k, v := range a.policies[id] {
			out[k] = v
		}
		out["reusable"], out["account_id"] = true, account
		return out
	}
	for k, v := range a.apps[id] {
		out[k] = v
	}
	var policies []map[string]any
	refs, _ := a.apps[id]["policies"].([]any)
	for _, ref := range refs {
		r, _ := ref.(map[string]any)
		pid, _ := r["id"].(string)
		p := map[string]any{}
		fields, reusable := a.policies[pid], true
		if own, ok := a.own[pid]; ok {
			fields, reusable = own, false
		}
		for k, v := range fields {
			p[k] = v
		}
		p["id"], p["precedence"], p["reusable"] = pid, r["precedence"], reusable
		policies = append(policies, p)
	}
	sort.SliceStable(policies, func(i, j int) bool { return number(policies[i]["precedence"]) < number(policies[j]["precedence"]) })
	out["policies"] = policies
	return out
}

func number(v any) float64 {
	switch n := v.(type) {
	case float64:
		return n
	case int:
		return float64(n)
	}
	return 0
}

func sortedKeys(m map[string]map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func reply(w http.ResponseWriter, status int, result any, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	errs := []any{}
	if message != "" {
		errs = append(errs, map[string]any{"code": 7003, "message": strings.TrimSpace(message)})
	}
	_ = json.NewEncoder(w).Encode(map[string]any{"success": status < 300, "errors": errs, "messages": []any{}, "result": result})
}
