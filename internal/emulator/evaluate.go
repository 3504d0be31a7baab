package emulator

import (
	"math"
	"net/netip"
	"slices"
	"strings"
)

// Outcomes of evaluating one user, as the users endpoint names them.
const (
	outcomeApproved = "approved"
	outcomeBlocked  = "blocked"
	outcomeError    = "error"
)

// evaluate decides one user in Access's documented order of execution:
// bypass policies first, wherever they stand (a matching one approves);
// then allow and deny policies from the top of the list down, the first
// that matches deciding; nobody matched means blocked. Service Auth
// (non_identity) policies come first too, but never match a person.
// Unevaluable users error.
func evaluate(policies []*Policy, u *User, accountID string, d *Directory) string {
	if u.Unevaluable {
		return outcomeError
	}
	for _, p := range policies {
		if p.Decision == "bypass" && p.matches(u, accountID, d) {
			return outcomeApproved
		}
	}
	for _, p := range policies {
		if p.Decision != "allow" && p.Decision != "deny" || !p.matches(u, accountID, d) {
			continue
		}
		if p.Decision == "allow" {
			return outcomeApproved
		}
		return outcomeBlocked
	}
	return outcomeBlocked
}

// matches applies include (OR), require (AND) and exclude (NOT).
// non_identity policies concern machines and never match a person.
func (p *Policy) matches(u *User, accountID string, d *Directory) bool {
	if p.Decision == "non_identity" {
		return false
	}
	included := false
	for _, r := range p.Include {
		if r.matches(u, accountID, d) {
			included = true
			break
		}
	}
	if !included {
		return false
	}
	for _, r := range p.Require {
		if !r.matches(u, accountID, d) {
			return false
		}
	}
	for _, r := range p.Exclude {
		if r.matches(u, accountID, d) {
			return false
		}
	}
	return true
}

func (r Rule) str(name string) string {
	s, _ := r.Params[name].(string)
	return s
}

// matches decides one rule against one user's directory entry.
func (r Rule) matches(u *User, accountID string, d *Directory) bool {
	sameIdP := u.IdentityProvider != "" && u.IdentityProvider == r.str("identity_provider_id")
	switch r.Type {
	case "everyone":
		return true
	case "email":
		return strings.EqualFold(u.Email, r.str("email"))
	case "email_domain":
		_, domain, _ := strings.Cut(u.Email, "@")
		return strings.EqualFold(domain, r.str("domain"))
	case "email_list":
		return slices.ContainsFunc(d.EmailLists[r.str("id")], func(e string) bool { return strings.EqualFold(e, u.Email) })
	case "ip_list":
		return slices.ContainsFunc(d.IPLists[r.str("id")], func(cidr string) bool { return ipWithin(u.IP, cidr) })
	case "ip":
		return ipWithin(u.IP, r.str("ip"))
	case "group":
		return slices.Contains(u.Groups, r.str("id"))
	case "geo":
		return u.Country != "" && u.Country == r.str("country_code")
	case "login_method":
		return u.IdentityProvider == r.str("id")
	case "gsuite":
		return sameIdP && slices.ContainsFunc(u.IdPGroups, func(g string) bool { return strings.EqualFold(g, r.str("email")) })
	case "okta":
		return sameIdP && slices.Contains(u.IdPGroups, r.str("name"))
	case "azureAD":
		return sameIdP && slices.Contains(u.IdPGroups, r.str("id"))
	case "github-organization":
		if team := r.str("team"); team != "" {
			return sameIdP && slices.Contains(u.IdPGroups, r.str("name")+"/"+team)
		}
		return sameIdP && slices.Contains(u.IdPGroups, r.str("name"))
	case "saml":
		return sameIdP && slices.Contains(u.Attributes[r.str("attribute_name")], r.str("attribute_value"))
	case "oidc":
		return sameIdP && slices.Contains(u.Attributes[r.str("claim_name")], r.str("claim_value"))
	case "auth_method":
		return slices.Contains(u.AuthMethods, r.str("auth_method"))
	case "device_posture":
		return slices.Contains(u.DevicePosture, r.str("integration_uid"))
	case "auth_context":
		return sameIdP && slices.Contains(u.AuthContexts, r.str("ac_id"))
	case "user_risk_score":
		level := u.RiskScore
		if level == "" {
			level = "unscored"
		}
		levels, _ := r.Params["user_risk_score"].([]any)
		return slices.Contains(levels, any(level))
	case "cloudflare_account_member":
		account := r.str("account_id")
		if account == "" {
			account = accountID
		}
		return slices.Contains(u.CloudflareAccounts, account)
	}
	// certificate, common_name, service_token, any_valid_service_token,
	// external_evaluation and linked_app_token concern machines or outside
	// services: a directory cannot decide them, so they never match a person.
	return false
}

func ipWithin(ip, cidr string) bool {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return false
	}
	prefix, err := parsePrefix(cidr)
	return err == nil && prefix.Contains(addr)
}

// parsePrefix accepts a CIDR range or a single address.
func parsePrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		return netip.ParsePrefix(s)
	}
	addr, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, err
	}
	return netip.PrefixFrom(addr, addr.BitLen()), nil
}

// percent is part of whole in percent, rounded to the nearest integer.
func percent(part, whole int) int64 {
	if whole == 0 {
		return 0
	}
	return int64(math.Round(100 * float64(part) / float64(whole)))
}
