package emulator

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"net/netip"
	"os"
	"strings"
)

//go:embed sample_directory.json
var sampleDirectory []byte

// User is one person in the directory, with what the rules look at.
type User struct {
	ID    string `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
	// IdentityProvider is the id of the identity provider of the user's
	// latest Access login.
	IdentityProvider string `json:"identity_provider"`
	// Groups are the Access group ids the user belongs to.
	Groups []string `json:"groups,omitempty"`
	// IdPGroups are the user's groups at the identity provider: Google group
	// emails, Okta group names, Azure group ids, GitHub "org" and "org/team".
	IdPGroups []string `json:"idp_groups,omitempty"`
	// Attributes are SAML attributes and OIDC claims, by name.
	Attributes         map[string][]string `json:"attributes,omitempty"`
	Country            string              `json:"country,omitempty"`
	IP                 string              `json:"ip,omitempty"`
	AuthMethods        []string            `json:"auth_methods,omitempty"`
	DevicePosture      []string            `json:"device_posture,omitempty"`
	RiskScore          string              `json:"risk_score,omitempty"`
	AuthContexts       []string            `json:"auth_contexts,omitempty"`
	CloudflareAccounts []string            `json:"cloudflare_accounts,omitempty"`
	// Unevaluable users count as errored, whatever the policies say.
	Unevaluable bool `json:"unevaluable,omitempty"`
}

// Rule is one validated rule: its wire type and parameters.
type Rule struct {
	Type   string
	Params map[string]any
}

// Policy is a validated policy, inline or reusable.
type Policy struct {
	ID       string
	Name     string
	Decision string
	Include  []Rule
	Exclude  []Rule
	Require  []Rule
}

// Directory is what the emulator evaluates tests against.
type Directory struct {
	Users      []User              `json:"users"`
	EmailLists map[string][]string `json:"email_lists,omitempty"`
	IPLists    map[string][]string `json:"ip_lists,omitempty"`
	// ReusablePolicies are in wire form, keyed by id, as the account's saved policies.
	ReusablePolicies map[string]json.RawMessage `json:"reusable_policies,omitempty"`
	// Applications are the account's Access applications, as the
	// applications endpoints serve them.
	Applications []Application `json:"applications,omitempty"`

	policies map[string]*Policy
}

// Application is an Access application: its policies are reusable ones by
// id, or its own.
type Application struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Domain string `json:"domain,omitempty"`
	Type   string `json:"type,omitempty"`
	// Policies in any order; the API answers them by precedence.
	Policies []ApplicationPolicy `json:"policies,omitempty"`
}

// ApplicationPolicy is one policy of an application: the reusable policy
// ID, or, with Policy set, a policy of the application's own (wire form)
// whose id is ID.
type ApplicationPolicy struct {
	ID         string          `json:"id"`
	Precedence int             `json:"precedence"`
	Policy     json.RawMessage `json:"policy,omitempty"`
}

// SampleDirectory returns the directory that ships with the emulator.
func SampleDirectory() *Directory {
	d, err := ParseDirectory(sampleDirectory)
	if err != nil {
		panic("the embedded sample directory is invalid: " + err.Error())
	}
	return d
}

// LoadDirectory reads a directory from a JSON file.
func LoadDirectory(path string) (*Directory, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseDirectory(raw)
}

// ParseDirectory decodes a directory and validates its reusable policies
// with the same rules as a start call.
func ParseDirectory(raw []byte) (*Directory, error) {
	var d Directory
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return nil, fmt.Errorf("decoding the directory: %w", err)
	}
	d.policies = make(map[string]*Policy, len(d.ReusablePolicies))
	for id, body := range d.ReusablePolicies {
		req, verr := ParseStartRequest([]byte(`{"policies":[` + string(body) + `]}`))
		if verr != nil {
			return nil, fmt.Errorf("reusable policy %s: %s", id, verr.Error())
		}
		p := req.Policies[0].Inline
		if p == nil {
			return nil, fmt.Errorf("reusable policy %s must be an object", id)
		}
		p.ID = id
		d.policies[id] = p
	}
	if err := d.checkApplications(); err != nil {
		return nil, err
	}
	for i, u := range d.Users {
		if u.ID == "" {
			return nil, fmt.Errorf("user %d needs an id", i)
		}
		if u.IP != "" {
			if _, err := netip.ParseAddr(u.IP); err != nil {
				return nil, fmt.Errorf("user %s: ip %q: %w", u.ID, u.IP, err)
			}
		}
	}
	return &d, nil
}

// Generated returns a directory of n synthetic users on two domains, for
// paging and load tests. User i is in the Access group cohort-<i mod 20>.
func Generated(n int) *Directory {
	d := &Directory{policies: map[string]*Policy{}}
	for i := range n {
		domain := "example.com"
		if i%4 == 3 {
			domain = "contractors.example.com"
		}
		d.Users = append(d.Users, User{
			ID:               fmt.Sprintf("00000000-0000-4000-8000-%012d", i),
			Email:            fmt.Sprintf("user%05d@%s", i, domain),
			Name:             fmt.Sprintf("User %05d", i),
			IdentityProvider: "okta-idp",
			Country:          []string{"US", "DE", "GB", "FR"}[i%4],
			Groups:           []string{fmt.Sprintf("cohort-%d", i%20)},
			Unevaluable:      i%50 == 49,
		})
	}
	return d
}

// checkApplications: every application has an id and unique precedences,
// its reusable policies exist, and its own policies are valid policies.
func (d *Directory) checkApplications() error {
	for i, app := range d.Applications {
		if app.ID == "" {
			return fmt.Errorf("application %d needs an id", i)
		}
		seen := map[int]bool{}
		for _, p := range app.Policies {
			if p.ID == "" || p.Precedence < 1 || seen[p.Precedence] {
				return fmt.Errorf("application %s: each policy needs an id and a precedence of 1 or more, unique in the application", app.ID)
			}
			seen[p.Precedence] = true
			if p.Policy == nil {
				if _, ok := d.policies[p.ID]; !ok {
					return fmt.Errorf("application %s: policy %s is none of reusable_policies", app.ID, p.ID)
				}
				continue
			}
			if _, verr := ParseStartRequest([]byte(`{"policies":[` + string(p.Policy) + `]}`)); verr != nil {
				return fmt.Errorf("application %s: policy %s: %s", app.ID, p.ID, verr.Error())
			}
		}
	}
	return nil
}
