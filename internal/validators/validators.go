// Package validators holds the few schema validators that the stock
// terraform-plugin-framework-validators module does not offer.
package validators

import (
	"context"
	"fmt"
	"net/netip"
	"regexp"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// stringCheck adapts a check function to validator.String; unknown and null
// values are left alone (unknown ones are checked again at apply).
type stringCheck struct {
	description string
	check       func(string) error
}

func (v stringCheck) Description(context.Context) string         { return v.description }
func (v stringCheck) MarkdownDescription(context.Context) string { return v.description }

func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := v.check(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Value",
			fmt.Sprintf("Attribute %s %s.", req.Path, err))
	}
}

// durationPattern is Go's time.ParseDuration grammar, which the API uses.
var durationPattern = regexp.MustCompile(`^(0|[-+]?(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|ms|s|m|h))+)$`)

// Duration accepts Go duration strings such as 30m, 8h or 2h45m, of zero
// or more: a token cannot live for a negative time.
func Duration() validator.String {
	return stringCheck{
		description: "value must be a duration of zero or more such as `30m`, `8h` or `2h45m` (units ns, us, ms, s, m, h)",
		check: func(s string) error {
			// The pattern keeps to the documented grammar; ParseDuration
			// also catches values that overflow.
			d, err := time.ParseDuration(s)
			if err != nil || !durationPattern.MatchString(s) {
				return fmt.Errorf("must be a duration such as 30m, 8h or 2h45m (units ns, us, µs, ms, s, m, h), got %q", s)
			}
			if d < 0 {
				return fmt.Errorf("must be a duration of zero or more, got %q", s)
			}
			return nil
		},
	}
}

var mfaDurationPattern = regexp.MustCompile(`^[0-9]+(m|h)$`)

// MFASessionDuration accepts whole minutes or hours from 0m to 720h.
func MFASessionDuration() validator.String {
	return stringCheck{
		description: "value must be whole minutes or hours between `0m` and `720h`",
		check: func(s string) error {
			if !mfaDurationPattern.MatchString(s) {
				return fmt.Errorf("must be whole minutes or hours such as 30m or 12h, got %q", s)
			}
			if d, err := time.ParseDuration(s); err != nil || d > 720*time.Hour {
				return fmt.Errorf("must be whole minutes or hours between 0m and 720h (30 days), got %q", s)
			}
			return nil
		},
	}
}

// IPOrCIDR accepts an IPv4 or IPv6 address or CIDR range.
func IPOrCIDR() validator.String {
	return stringCheck{
		description: "value must be an IPv4 or IPv6 address or CIDR range",
		check: func(s string) error {
			var err error
			if strings.Contains(s, "/") {
				_, err = netip.ParsePrefix(s)
			} else {
				_, err = netip.ParseAddr(s)
			}
			if err != nil {
				return fmt.Errorf("must be an IPv4 or IPv6 address or CIDR range such as 203.0.113.0/24, got %q", s)
			}
			return nil
		},
	}
}

// emailPattern is deliberately loose: one @, no spaces, a dot in the domain.
var emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

// Email accepts an email address.
func Email() validator.String {
	return stringCheck{
		description: "value must be an email address",
		check: func(s string) error {
			if !emailPattern.MatchString(s) {
				return fmt.Errorf("must be an email address such as alice@example.com, got %q", s)
			}
			return nil
		},
	}
}

// warnUnless warns, without failing, about a value that does not match a
// usual format the API does not require: it is sent as it is, and the API
// decides.
type warnUnless struct {
	pattern     *regexp.Regexp
	description string
}

// WarnUnless warns about a value that does not match pattern; description
// says what the value usually is ("the UUID of a reusable Access policy").
func WarnUnless(pattern *regexp.Regexp, description string) validator.String {
	return warnUnless{pattern: pattern, description: description}
}

func (v warnUnless) Description(context.Context) string {
	return "usually " + v.description
}
func (v warnUnless) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v warnUnless) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || v.pattern.MatchString(req.ConfigValue.ValueString()) {
		return
	}
	resp.Diagnostics.AddAttributeWarning(req.Path, "Unusual Attribute Value",
		fmt.Sprintf("Attribute %s is %q, which is not %s. It is sent as it is, and Cloudflare decides whether it names one.",
			req.Path, req.ConfigValue.ValueString(), v.description))
}

// NoNullEntries refuses a null element in a list, naming its index in the
// text as well as in the path: the stock listvalidator.NoNullValues names
// neither, and Terraform shows no source line for an ephemeral resource's
// attribute. A list of people a gate checks must not lose an entry to a
// variable's null default or a lookup that found nothing.
func NoNullEntries() validator.List { return noNullEntries{} }

type noNullEntries struct{}

func (noNullEntries) Description(context.Context) string {
	return "every entry must be set: a null entry is an error, never skipped"
}
func (v noNullEntries) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (noNullEntries) ValidateList(_ context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	for i, e := range req.ConfigValue.Elements() {
		if e.IsNull() {
			at := req.Path.AtListIndex(i)
			resp.Diagnostics.AddAttributeError(at, "Null Entry",
				fmt.Sprintf("%s is null. Every entry of %s is checked, and a null one would be left unchecked while the gate passes: "+
					"give it a value (a variable's null default, or a lookup that found nothing, often causes this), or leave it out of the list.", at, req.Path))
		}
	}
}
