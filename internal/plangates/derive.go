package plangates

import (
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/policy"
)

// The official provider's resource types the derivation reads.
const (
	applicationType = "cloudflare_zero_trust_access_application"
	policyType      = "cloudflare_zero_trust_access_policy"
)

// What happens to an application (Gate.Status).
const (
	StatusCreated      = "created"
	StatusUpdated      = "updated"
	StatusRemoved      = "removed"
	StatusSharedPolicy = "shared-policy"
)

// Entry is one policy as a test takes it: {"id": …} for a reusable policy,
// or an inline policy's fields named as in Terraform.
type Entry = map[string]any

// Gate is one application whose access the plan may change.
type Gate struct {
	// Key is the application's id, or its resource address when the plan
	// creates it.
	Key string
	// Address is the application's resource address in the plan; empty for
	// one the configuration does not manage.
	Address      string
	Name, Domain string
	Status       string
	// Current and Candidate are its policy lists today and after the plan,
	// in order of precedence; Candidate is empty for a removed application
	// (its hostname is no longer behind Access), Current for a created one.
	Current, Candidate []Entry
	// EditedPolicies are the ids of the reusable policies the plan edits or
	// deletes that this application uses.
	EditedPolicies []string
	// Problem, when set, is why the lists could not be derived: the gate
	// must fail with it.
	Problem string
}

// planPolicy is a reusable policy the plan touches.
type planPolicy struct {
	address string
	deleted bool
	after   Entry // the content it will have; nil when deleted
	unknown string
}

// Derive returns the gates of plan for account accountID, whose
// applications (account-level, with their policies) are apps, ordered by
// key.
func Derive(plan *Plan, accountID string, apps []client.Application) []Gate {
	d := deriver{plan: plan, account: accountID, live: map[string]client.Application{}, reusable: map[string]Entry{}, edited: map[string]*planPolicy{}, created: map[string][]*ResourceChange{}}
	for _, app := range apps {
		d.live[app.ID] = app
		for _, p := range app.Policies {
			if p.Reusable {
				d.reusable[p.ID] = fromWire(p.Fields)
			}
		}
	}
	for i := range plan.ResourceChanges {
		rc := &plan.ResourceChanges[i]
		if rc.Mode == "managed" && rc.Type == policyType {
			d.notePolicy(rc)
		}
	}
	var gates []Gate
	handled := map[string]bool{}
	for i := range plan.ResourceChanges {
		rc := &plan.ResourceChanges[i]
		if rc.Mode != "managed" || rc.Type != applicationType {
			continue
		}
		if id, _ := rc.Change.Before["id"].(string); id != "" {
			handled[id] = true
		}
		if g, ok := d.application(rc); ok {
			gates = append(gates, g)
		}
	}
	// Applications the plan does not change (or does not manage) that use a
	// reusable policy it edits or deletes.
	for _, app := range apps {
		if handled[app.ID] {
			continue
		}
		if g, ok := d.sharedPolicy(app, ""); ok {
			gates = append(gates, g)
		}
	}
	slices.SortFunc(gates, func(a, b Gate) int { return cmp.Compare(a.Key, b.Key) })
	return gates
}

type deriver struct {
	plan     *Plan
	account  string
	live     map[string]client.Application
	reusable map[string]Entry       // live content of reusable policies, by id
	edited   map[string]*planPolicy // reusable policies the plan edits or deletes, by id
	created  map[string][]*ResourceChange
}

func actionsOf(rc *ResourceChange) (create, remove bool) {
	for _, a := range rc.Change.Actions {
		switch a {
		case "create":
			create = true
		case "delete":
			remove = true
		}
	}
	return create, remove
}

func updates(rc *ResourceChange) bool { return slices.Contains(rc.Change.Actions, "update") }

func (d *deriver) notePolicy(rc *ResourceChange) {
	create, remove := actionsOf(rc)
	id, _ := rc.Change.Before["id"].(string)
	if account, _ := rc.Change.Before["account_id"].(string); id != "" && account != "" && account != d.account {
		return
	}
	switch {
	case create && !remove:
		key := configAddress(rc)
		d.created[key] = append(d.created[key], rc)
	case remove && !create && id != "":
		d.edited[id] = &planPolicy{address: rc.Address, deleted: true}
	case id != "" && (updates(rc) || (create && remove)):
		p := &planPolicy{address: rc.Address, after: policyContent(rc.Change.After)}
		p.unknown = unknownContent(rc.Change.AfterUnknown)
		if p.unknown != "" {
			p.unknown = rc.Address + "." + p.unknown
		}
		d.edited[id] = p
	}
}

// application derives the gate of one application the plan touches; ok is
// false when its lists evaluate the same.
func (d *deriver) application(rc *ResourceChange) (Gate, bool) {
	create, remove := actionsOf(rc)
	before, after := rc.Change.Before, rc.Change.After
	id, _ := before["id"].(string)
	g := Gate{Key: id, Address: rc.Address, Current: []Entry{}, Candidate: []Entry{}}
	if g.Key == "" {
		g.Key = rc.Address
	}
	for _, values := range []map[string]any{after, before} {
		if g.Name == "" {
			g.Name, _ = values["name"].(string)
		}
		if g.Domain == "" {
			g.Domain, _ = values["domain"].(string)
		}
	}
	values := after
	if values == nil {
		values = before
	}
	if zone, _ := values["zone_id"].(string); zone != "" {
		g.Status = StatusUpdated
		g.Problem = fmt.Sprintf("%s is a zone-level application (zone %s): this reader lists account-level applications only, so its policies today are unknown", rc.Address, zone)
		return g, create || remove || updates(rc)
	}
	if account, _ := values["account_id"].(string); account != "" && account != d.account {
		return Gate{}, false
	}
	switch {
	case remove && !create:
		g.Status = StatusRemoved
	case create && !remove:
		g.Status = StatusCreated
	case create || updates(rc):
		g.Status = StatusUpdated
	default:
		// No change of its own: it may still use an edited policy.
		if live, ok := d.live[id]; ok {
			return d.sharedPolicy(live, rc.Address)
		}
		return Gate{}, false
	}
	if g.Status != StatusCreated {
		live, ok := d.live[id]
		if !ok {
			if g.Status == StatusRemoved {
				return Gate{}, false // already gone from the account
			}
			g.Problem = fmt.Sprintf("%s (id %s) is not among the account's applications: its policies today are unknown", rc.Address, id)
			return g, true
		}
		g.Name, g.Domain = live.Name, live.Domain
		g.Current = d.liveList(live, nil)
	}
	if g.Status != StatusRemoved {
		var problem string
		g.Candidate, g.EditedPolicies, problem = d.plannedList(rc)
		if problem != "" {
			g.Problem = problem
			return g, true
		}
	}
	if g.Status == StatusUpdated && d.same(g.Current, g.Candidate) {
		return Gate{}, false
	}
	return g, true
}

// sharedPolicy is the gate of a live application that the plan does not
// change itself, when it uses a reusable policy the plan edits or deletes.
func (d *deriver) sharedPolicy(app client.Application, address string) (Gate, bool) {
	g := Gate{Key: app.ID, Address: address, Name: app.Name, Domain: app.Domain, Status: StatusSharedPolicy}
	for _, p := range app.Policies {
		if e, ok := d.edited[p.ID]; ok && p.Reusable {
			g.EditedPolicies = append(g.EditedPolicies, p.ID)
			if e.unknown != "" {
				g.Problem = fmt.Sprintf("it uses reusable policy %s, which the plan edits (%s) with a value known only during apply: %s", p.ID, e.address, e.unknown)
			}
		}
	}
	if len(g.EditedPolicies) == 0 {
		return Gate{}, false
	}
	g.Current = d.liveList(app, nil)
	if g.Problem != "" {
		return g, true
	}
	g.Candidate = d.liveList(app, d.edited)
	if d.same(g.Current, g.Candidate) {
		return Gate{}, false
	}
	return g, true
}

// CurrentList is app's policy list as the account has it, in order of
// precedence: reusable policies by id, its own inline.
func CurrentList(app client.Application) []Entry {
	return (&deriver{}).liveList(app, nil)
}

// liveList is app's list as the account has it: reusable policies by id
// (edits applied: inline, deletions dropped), its own inline.
func (d *deriver) liveList(app client.Application, edits map[string]*planPolicy) []Entry {
	policies := slices.Clone(app.Policies)
	slices.SortStableFunc(policies, func(a, b client.ApplicationPolicy) int { return a.Precedence - b.Precedence })
	out := []Entry{}
	for _, p := range policies {
		switch e, edited := edits[p.ID]; {
		case !p.Reusable:
			out = append(out, fromWire(p.Fields))
		case edited && e.deleted:
		case edited:
			out = append(out, e.after)
		default:
			out = append(out, Entry{"id": p.ID})
		}
	}
	return out
}

// plannedList is the candidate list of an application the plan creates or
// updates, from its planned policies.
func (d *deriver) plannedList(rc *ResourceChange) (list []Entry, edited []string, problem string) {
	raw, _ := rc.Change.After["policies"].([]any)
	unknown := unknownAt(rc.Change.AfterUnknown, "policies")
	if unknown == true {
		return nil, nil, fmt.Sprintf("%s.policies is known only during apply", rc.Address)
	}
	unknownItems, _ := unknown.([]any)
	type ranked struct {
		precedence int
		entry      Entry
	}
	var items []ranked
	var unknownIDs []int
	for i, item := range raw {
		fields, _ := item.(map[string]any)
		itemUnknown := unknownAt(unknownItems, i)
		precedence := i + 1
		if n, ok := fields["precedence"].(float64); ok && unknownAt(itemUnknown, "precedence") != true {
			precedence = int(n)
		}
		id, _ := fields["id"].(string)
		inline := fields["include"] != nil || unknownAt(itemUnknown, "include") != nil
		switch {
		case inline:
			if at := unknownContent(itemUnknown); at != "" {
				return nil, nil, fmt.Sprintf("%s.policies[%d].%s is known only during apply", rc.Address, i, at)
			}
			items = append(items, ranked{precedence, policyContent(fields)})
		case id == "" && unknownAt(itemUnknown, "id") == true:
			unknownIDs = append(unknownIDs, len(items))
			items = append(items, ranked{precedence, nil})
		case id == "":
			return nil, nil, fmt.Sprintf("%s.policies[%d] has neither an id nor inline rules", rc.Address, i)
		default:
			entry, isEdit, problem := d.byID(id, rc.Address, i)
			if problem != "" {
				return nil, nil, problem
			}
			if isEdit {
				edited = append(edited, id)
			}
			items = append(items, ranked{precedence, entry})
		}
	}
	if len(unknownIDs) > 0 {
		entry, problem := d.referenced(rc, len(unknownIDs))
		if problem != "" {
			return nil, nil, problem
		}
		items[unknownIDs[0]].entry = entry
	}
	slices.SortStableFunc(items, func(a, b ranked) int { return a.precedence - b.precedence })
	list = []Entry{}
	for _, it := range items {
		list = append(list, it.entry)
	}
	return list, edited, ""
}

// byID is the planned entry of a policy named by id: as edited, inline
// when the application's own, by id otherwise.
func (d *deriver) byID(id, address string, i int) (Entry, bool, string) {
	if e, ok := d.edited[id]; ok {
		switch {
		case e.deleted:
			return nil, false, fmt.Sprintf("%s.policies[%d] is reusable policy %s, which the plan deletes (%s)", address, i, id, e.address)
		case e.unknown != "":
			return nil, false, fmt.Sprintf("%s.policies[%d] is reusable policy %s, which the plan edits with a value known only during apply: %s", address, i, id, e.unknown)
		}
		return e.after, true, ""
	}
	if _, ok := d.reusable[id]; ok {
		return Entry{"id": id}, false, ""
	}
	// The official provider reads an application's own policies back by id.
	for _, app := range d.live {
		for _, p := range app.Policies {
			if p.ID == id && !p.Reusable {
				return fromWire(p.Fields), false, ""
			}
		}
	}
	return nil, false, fmt.Sprintf("%s.policies[%d] names policy %s, which the account does not have", address, i, id)
}

// referenced resolves a policy id known only during apply: the reusable
// policy the plan creates that the application's policies expression refers
// to (through module variables too), when there is exactly one of each.
func (d *deriver) referenced(rc *ResourceChange, unknownIDs int) (Entry, string) {
	var refs []policyRef
	if m := d.configModuleAt(rc.ModuleAddress); m != nil {
		for _, r := range m.Resources {
			if r.Address == rc.Type+"."+rc.Name {
				refs = d.policyRefs(rc.ModuleAddress, r.Expressions["policies"].References, 0)
			}
		}
	}
	var candidates []*ResourceChange
	var named []string
	for _, ref := range refs {
		named = append(named, prefix(ref.module)+ref.address)
		for _, p := range d.created[prefix(ref.module)+ref.address] {
			if p.ModuleAddress == ref.module {
				candidates = append(candidates, p)
			}
		}
	}
	if unknownIDs != 1 || len(candidates) != 1 {
		return nil, fmt.Sprintf("%s.policies has %d id(s) known only during apply, and its configuration refers to %d reusable policies the plan creates (%s): which policy each is cannot be told from the plan; apply the new policies first, or give them inline",
			rc.Address, unknownIDs, len(candidates), strings.Join(named, ", "))
	}
	p := candidates[0]
	if at := unknownContent(p.Change.AfterUnknown); at != "" {
		return nil, fmt.Sprintf("%s.%s is known only during apply", p.Address, at)
	}
	return policyContent(p.Change.After), ""
}

// policyRef is a reusable policy resource (type.name) in a module instance.
type policyRef struct{ module, address string }

// policyRefs are the reusable policies the references (made in the module
// instance module) name, following var.X to the expression the module's
// caller gives X.
func (d *deriver) policyRefs(module string, references []string, depth int) []policyRef {
	var out []policyRef
	add := func(r policyRef) {
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	for _, ref := range references {
		parts := strings.Split(ref, ".")
		switch {
		case len(parts) >= 2 && parts[0] == policyType:
			name, _, _ := strings.Cut(parts[1], "[")
			add(policyRef{module, policyType + "." + name})
		case len(parts) >= 2 && parts[0] == "var" && module != "" && depth < 16:
			parent, call := splitModule(module)
			if caller := d.configModuleAt(parent); caller != nil {
				for _, r := range d.policyRefs(parent, caller.ModuleCalls[call].Expressions[parts[1]].References, depth+1) {
					add(r)
				}
			}
		}
	}
	return out
}

// configModuleAt is the configuration of the module at a module instance
// address ("" for the root), or nil.
func (d *deriver) configModuleAt(address string) *configModule {
	if d.plan.Configuration == nil {
		return nil
	}
	m := &d.plan.Configuration.RootModule
	for _, call := range moduleCalls(address) {
		next, ok := m.ModuleCalls[call]
		if !ok {
			return nil
		}
		m = &next.Module
	}
	return m
}

// splitModule is a module instance address's parent and its last call's
// name: module.a["x"].module.b[0] → module.a["x"], b.
func splitModule(address string) (parent, call string) {
	i := strings.LastIndex(address, "module.")
	name, _, _ := strings.Cut(address[i+len("module."):], "[")
	return strings.TrimSuffix(address[:i], "."), strings.TrimSuffix(name, ".")
}

func prefix(module string) string {
	if module == "" {
		return ""
	}
	return module + "."
}

// moduleCalls are the module call names of a module address
// (module.a["x"].module.b → a, b).
func moduleCalls(address string) []string {
	var calls []string
	for _, part := range strings.Split(address, "module.")[1:] {
		name, _, _ := strings.Cut(part, "[")
		calls = append(calls, strings.TrimSuffix(name, "."))
	}
	return calls
}

// configAddress is a resource's address without instance keys, with its
// module instance: what a configuration reference names within it.
func configAddress(rc *ResourceChange) string { return moduleOf(rc) + rc.Type + "." + rc.Name }

func moduleOf(rc *ResourceChange) string {
	if rc.ModuleAddress == "" {
		return ""
	}
	return rc.ModuleAddress + "."
}

// same: both lists evaluate the same for everyone, ids resolved to their
// live content.
func (d *deriver) same(current, candidate []Entry) bool {
	resolve := func(list []Entry) string {
		out := make([]any, len(list))
		for i, e := range list {
			if id, ok := e["id"].(string); ok && len(e) == 1 {
				if content, ok := d.reusable[id]; ok {
					e = content
				}
			}
			out[i] = canonical(e, true)
		}
		raw, _ := json.Marshal(out)
		return string(raw)
	}
	return resolve(current) == resolve(candidate)
}

// policyContent is an inline policy's fields, as the change gate takes
// them, from Terraform's form.
func policyContent(values map[string]any) Entry {
	out := Entry{}
	for _, k := range policy.InlineFields() {
		if v, ok := values[k]; ok && v != nil {
			out[k] = v
		}
	}
	return out
}

// fromWire is a policy in the API's form as an inline policy in
// Terraform's (azureAD → azure_ad).
func fromWire(fields map[string]json.RawMessage) Entry {
	values := map[string]any{}
	for k, raw := range fields {
		var v any
		if json.Unmarshal(raw, &v) == nil {
			values[k] = v
		}
	}
	for _, list := range []string{"include", "exclude", "require"} {
		rules, _ := values[list].([]any)
		for i, r := range rules {
			rule, _ := r.(map[string]any)
			renamed := map[string]any{}
			for k, v := range rule {
				if name, ok := policy.RuleAttribute(k); ok {
					k = name
				}
				renamed[k] = v
			}
			rules[i] = renamed
		}
	}
	return policyContent(values)
}

// canonical drops what evaluates as absent (null, false, "", empty lists
// and objects), sorts the rule lists (their order decides nothing) and,
// at the top, the name.
func canonical(v any, top bool) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, x := range v {
			if top && k == "name" {
				continue
			}
			if c := canonical(x, false); c != nil {
				out[k] = c
			}
		}
		if len(out) == 0 && !top {
			return nil
		}
		if top {
			for _, list := range []string{"include", "exclude", "require"} {
				if rules, ok := out[list].([]any); ok {
					slices.SortFunc(rules, func(a, b any) int {
						x, _ := json.Marshal(a)
						y, _ := json.Marshal(b)
						return strings.Compare(string(x), string(y))
					})
				}
			}
		}
		return out
	case []any:
		var out []any
		for _, x := range v {
			if c := canonical(x, false); c != nil {
				out = append(out, c)
			}
		}
		if len(out) == 0 {
			return nil
		}
		return out
	case bool:
		if !v {
			return nil
		}
	case string:
		if v == "" {
			return nil
		}
	}
	return v
}

// unknownAt is after_unknown's value at key (a string for objects, an int
// for lists), or nil.
func unknownAt(v any, key any) any {
	switch k := key.(type) {
	case string:
		m, _ := v.(map[string]any)
		return m[k]
	case int:
		l, _ := v.([]any)
		if k < len(l) {
			return l[k]
		}
	}
	return nil
}

// unknownContent names the first field of an inline policy that is known
// only during apply, or "".
func unknownContent(v any) string {
	if v == true {
		return "(the whole policy)"
	}
	for _, k := range policy.InlineFields() {
		if at := firstTrue(unknownAt(v, k)); at != "" || unknownAt(v, k) == true {
			return k + at
		}
	}
	return ""
}

func firstTrue(v any) string {
	switch v := v.(type) {
	case map[string]any:
		keys := slices.Sorted(maps.Keys(v))
		for _, k := range keys {
			if v[k] == true {
				return "." + k
			}
			if at := firstTrue(v[k]); at != "" {
				return "." + k + at
			}
		}
	case []any:
		for i, x := range v {
			if x == true {
				return fmt.Sprintf("[%d]", i)
			}
			if at := firstTrue(x); at != "" {
				return fmt.Sprintf("[%d]%s", i, at)
			}
		}
	}
	return ""
}
