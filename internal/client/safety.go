package client

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"
)

// The API server is not trusted: what it sends back can be hostile or
// broken. This file holds what keeps it from taking credentials elsewhere,
// from having them printed, and from making the provider's output grow
// without bound.

// RedirectError is a 3xx answer. Redirects are never followed: a redirect
// could take the credential headers to another origin (Go strips only
// Authorization, and only on a change of host), downgrade https to http, or
// turn the start call's POST into a GET.
type RedirectError struct {
	StatusCode   int
	LocationHost string
}

func (e *RedirectError) Error() string {
	where := "no Location"
	if e.LocationHost != "" {
		where = "a redirect to host " + e.LocationHost
	}
	return fmt.Sprintf("Cloudflare API answered HTTP %d with %s; the provider follows no redirect, so that credentials reach only the origin of base_url. Check base_url (CLOUDFLARE_BASE_URL): it must be the API itself, not an address that redirects", e.StatusCode, where)
}

// refuseRedirects is the http.Client's CheckRedirect.
func refuseRedirects(req *http.Request, via []*http.Request) error {
	status := 0
	if req.Response != nil {
		status = req.Response.StatusCode
	}
	return &RedirectError{StatusCode: status, LocationHost: req.URL.Host}
}

const (
	redactedText = "[REDACTED]"
	// Limits on server text in errors: diagnostics stay linear in what the
	// server sent, and small.
	maxErrorEntries = 20
	maxMessageBytes = 1000
)

// redactor replaces credential values in text.
type redactor struct{ secrets []string }

func newRedactor(secrets ...string) redactor {
	var kept []string
	for _, s := range secrets {
		// Very short values would mask ordinary words; credentials are long.
		if len(s) >= 4 {
			kept = append(kept, s)
		}
	}
	return redactor{secrets: kept}
}

func (r redactor) text(s string) string {
	for _, secret := range r.secrets {
		s = strings.ReplaceAll(s, secret, redactedText)
	}
	return s
}

func (r redactor) contains(s string) bool {
	for _, secret := range r.secrets {
		if strings.Contains(s, secret) {
			return true
		}
	}
	return false
}

// redactedError prints a redacted text and unwraps to the original, so
// that errors.Is and errors.As still see what happened.
type redactedError struct {
	text string
	err  error
}

func (e *redactedError) Error() string { return e.text }
func (e *redactedError) Unwrap() error { return e.err }

// error makes err safe to print: server text in API errors is capped and
// redacted in place, and any other text carrying a credential is wrapped.
func (r redactor) error(err error) error {
	if err == nil {
		return nil
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		apiErr.Omitted = max(0, len(apiErr.Errors)-maxErrorEntries)
		apiErr.Errors = r.infos(apiErr.Errors)
		apiErr.Messages = r.infos(apiErr.Messages)
		apiErr.Body = r.text(apiErr.Body)
	}
	var malformed *MalformedResponseError
	if errors.As(err, &malformed) {
		malformed.Body = r.text(malformed.Body)
	}
	if text := err.Error(); r.contains(text) {
		return &redactedError{text: r.text(text), err: err}
	}
	return err
}

func (r redactor) infos(infos []ResponseInfo) []ResponseInfo {
	if len(infos) > maxErrorEntries {
		dropped := len(infos) - maxErrorEntries
		infos = append(infos[:maxErrorEntries:maxErrorEntries], ResponseInfo{Message: fmt.Sprintf("… and %d more errors", dropped)})
	}
	for i := range infos {
		infos[i].Message = CapText(r.text(infos[i].Message), maxMessageBytes)
		infos[i].DocumentationURL = CapText(r.text(infos[i].DocumentationURL), maxMessageBytes)
		if infos[i].Source != nil {
			infos[i].Source = &ErrorSource{Pointer: CapText(r.text(infos[i].Source.Pointer), maxMessageBytes)}
		}
		infos[i].ErrorChain = r.infos(infos[i].ErrorChain)
	}
	return infos
}

// maxStatusBytes caps a test's status: longer than any status the API
// documents, short enough for every message that quotes it.
const maxStatusBytes = 64

// serverStatus is a status as the server sent it, with the credentials
// masked and capped: it reaches messages and state as it is, also when
// this provider does not know it.
func (c *Client) serverStatus(s PolicyTestStatus) PolicyTestStatus {
	return PolicyTestStatus(CapText(c.redact.text(string(s)), maxStatusBytes))
}

// CapText cuts s to at most n bytes on a rune boundary, and marks a cut
// with "…".
func CapText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// idPattern is the shape of the ids in API paths: policy test ids are 64
// hexadecimal characters in practice and UUIDs in the documentation, account
// ids 32 hexadecimal characters. Nothing else reaches a URL, so no id can
// add a path segment, a dot segment or an escape.
var IDPattern = regexp.MustCompile(`^[0-9A-Fa-f-]{1,64}$`)

// ValidID reports whether id can be sent as an account or policy test id.
func ValidID(id string) bool { return IDPattern.MatchString(id) }

func checkIDs(ids ...string) error {
	for _, id := range ids {
		if !ValidID(id) {
			return fmt.Errorf("%q is not a Cloudflare id (1 to 64 hexadecimal characters and hyphens); nothing was sent", id)
		}
	}
	return nil
}

// ImplausibleAnswerError is a test reading no real test can produce.
type ImplausibleAnswerError struct {
	TestID string
	Reason string
}

func (e *ImplausibleAnswerError) Error() string {
	return fmt.Sprintf("Cloudflare API returned an implausible reading of policy test %s: %s; it was not stored", e.TestID, e.Reason)
}

// plausible checks a reading: no negative counter, percentages within
// 0–100, and no more users counted than there are.
func (t *PolicyTest) plausible() error {
	fail := func(format string, args ...any) error {
		return &ImplausibleAnswerError{TestID: t.ID, Reason: fmt.Sprintf(format, args...)}
	}
	type counter struct {
		name  string
		value Count
		max   int64 // 0: no upper bound
	}
	for _, c := range []counter{
		{"total_users", t.TotalUsers, 0}, {"users_approved", t.UsersApproved, 0},
		{"users_blocked", t.UsersBlocked, 0}, {"users_errored", t.UsersErrored, 0},
		{"percent_approved", t.PercentApproved, 100}, {"percent_blocked", t.PercentBlocked, 100},
		{"percent_errored", t.PercentErrored, 100}, {"percent_users_processed", t.PercentUsersProcessed, 100},
	} {
		switch {
		case !c.value.Set:
		case c.value.Value < 0:
			return fail("%s is %d", c.name, c.value.Value)
		case c.max > 0 && c.value.Value > c.max:
			return fail("%s is %d, above %d", c.name, c.value.Value, c.max)
		}
	}
	if t.TotalUsers.Set {
		counted := t.UsersApproved.Value + t.UsersBlocked.Value + t.UsersErrored.Value
		if counted > t.TotalUsers.Value {
			return fail("users_approved + users_blocked + users_errored = %d, more than total_users = %d", counted, t.TotalUsers.Value)
		}
	}
	return nil
}
