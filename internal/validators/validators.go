// Package validators holds the few schema validators that the stock
// terraform-plugin-framework-validators module does not offer.
package validators

import (
	"context"
	"fmt"
	"net/netip"
	"regexp"
	"slices"
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

// Duration accepts Go duration strings such as 30m, 8h or 2h45m.
func Duration() validator.String {
	return stringCheck{
		description: "value must be a duration such as `30m`, `8h` or `2h45m` (units ns, us, ms, s, m, h)",
		check: func(s string) error {
			// The pattern keeps to the documented grammar; ParseDuration
			// also catches values that overflow.
			if _, err := time.ParseDuration(s); err != nil || !durationPattern.MatchString(s) {
				return fmt.Errorf("must be a duration such as 30m, 8h or 2h45m (units ns, us, µs, ms, s, m, h), got %q", s)
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

// CountryCode accepts an ISO 3166-1 alpha-2 code in upper case.
func CountryCode() validator.String {
	return stringCheck{
		description: "value must be an ISO 3166-1 alpha-2 country code in upper case, such as `US`",
		check: func(s string) error {
			if len(s) != 2 || !slices.Contains(iso3166, s) {
				hint := ""
				if upper := strings.ToUpper(s); upper != s && slices.Contains(iso3166, upper) {
					hint = fmt.Sprintf("; did you mean %q?", upper)
				}
				return fmt.Errorf("must be an ISO 3166-1 alpha-2 country code in upper case such as US or DE, got %q%s", s, hint)
			}
			return nil
		},
	}
}

// iso3166 lists the officially assigned ISO 3166-1 alpha-2 codes.
var iso3166 = strings.Fields(`
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP
KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT
MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW
SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG
UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW`)
