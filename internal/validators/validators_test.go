package validators

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func check(v validator.String, value types.String) string {
	resp := &validator.StringResponse{}
	v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("x"), ConfigValue: value}, resp)
	if resp.Diagnostics.HasError() {
		return resp.Diagnostics[0].Detail()
	}
	return ""
}

func TestStringValidators(t *testing.T) {
	cases := []struct {
		name string
		v    validator.String
		good []string
		bad  []string
		hint string
	}{
		{"duration", Duration(), []string{"0", "24h", "2h45m", "300ms", "1.5h", "+1h", "10µs"}, []string{"", "1 day", "24", "h", "1d", "9999999999999999999h", "-8h", "-1s"}, "duration"},
		{"mfa", MFASessionDuration(), []string{"0m", "30m", "12h", "720h", "43200m"}, []string{"721h", "43201m", "90s", "1.5h", "h", ""}, "minutes or hours"},
		{"ip", IPOrCIDR(), []string{"10.0.0.1", "203.0.113.0/24", "2001:db8::/32", "::1"}, []string{"10.0.0.0/33", "example.com", "", "10.0.0"}, "IPv4 or IPv6"},
		{"email", Email(), []string{"a@example.com", "first.last+tag@sub.example.co.uk"}, []string{"alice", "a@b", "a b@example.com", "@example.com"}, "email address"},
	}
	for _, c := range cases {
		for _, s := range c.good {
			if msg := check(c.v, types.StringValue(s)); msg != "" {
				t.Errorf("%s: %q refused: %s", c.name, s, msg)
			}
		}
		for _, s := range c.bad {
			if msg := check(c.v, types.StringValue(s)); !strings.Contains(msg, c.hint) || !strings.Contains(msg, "x ") {
				t.Errorf("%s: %q: message %q", c.name, s, msg)
			}
		}
		if check(c.v, types.StringNull()) != "" || check(c.v, types.StringUnknown()) != "" {
			t.Errorf("%s: null or unknown refused", c.name)
		}
	}
	if msg := check(Duration(), types.StringValue("-8h")); !strings.Contains(msg, `zero or more, got "-8h"`) {
		t.Errorf("negative duration: %s", msg)
	}
}

func TestExactlyOneAttribute(t *testing.T) {
	objType := map[string]attr.Type{"a": types.StringType, "b": types.StringType}
	run := func(a, b types.String) string {
		obj := types.ObjectValueMust(objType, map[string]attr.Value{"a": a, "b": b})
		resp := &validator.ObjectResponse{}
		ExactlyOneAttribute("rule type").ValidateObject(context.Background(), validator.ObjectRequest{Path: path.Root("r"), ConfigValue: obj}, resp)
		if resp.Diagnostics.HasError() {
			return resp.Diagnostics[0].Detail()
		}
		return ""
	}
	if msg := run(types.StringValue("x"), types.StringNull()); msg != "" {
		t.Errorf("one set: %s", msg)
	}
	if msg := run(types.StringValue("x"), types.StringValue("y")); !strings.Contains(msg, "r sets 2 rule types (a, b)") {
		t.Errorf("two set: %s", msg)
	}
	if msg := run(types.StringNull(), types.StringNull()); !strings.Contains(msg, "r sets no rule type; set exactly one of: a, b") {
		t.Errorf("none set: %s", msg)
	}
	if msg := run(types.StringUnknown(), types.StringNull()); msg != "" {
		t.Errorf("unknown: %s", msg)
	}
}

// WarnUnless warns about an unusual value, naming the attribute, and never
// fails; usual, null and unknown values pass in silence.
func TestWarnUnless(t *testing.T) {
	v := WarnUnless(regexp.MustCompile(`^[0-9]+$`), "a number")
	for value, warns := range map[types.String]bool{
		types.StringValue("123"): false, types.StringValue("12a"): true, types.StringNull(): false, types.StringUnknown(): false,
	} {
		resp := &validator.StringResponse{}
		v.ValidateString(context.Background(), validator.StringRequest{Path: path.Root("x"), ConfigValue: value}, resp)
		if resp.Diagnostics.HasError() || resp.Diagnostics.WarningsCount() != map[bool]int{false: 0, true: 1}[warns] {
			t.Errorf("%v: %v", value, resp.Diagnostics)
		}
		if warns && !strings.Contains(resp.Diagnostics[0].Detail(), `Attribute x is "12a", which is not a number`) {
			t.Errorf("warning detail %q", resp.Diagnostics[0].Detail())
		}
	}
}

// A null entry is an error at its index; unknown entries and lists, null
// lists and lists without nulls pass.
func TestNoNullEntries(t *testing.T) {
	list := func(values ...attr.Value) types.List { return types.ListValueMust(types.StringType, values) }
	for _, c := range []struct {
		name  string
		value types.List
		want  []string // the paths of the errors
	}{
		{"null entries", list(types.StringNull(), types.StringValue("a@example.com"), types.StringNull()), []string{"x[0]", "x[2]"}},
		{"unknown entry", list(types.StringUnknown()), nil},
		{"set entries", list(types.StringValue("a@example.com")), nil},
		{"null list", types.ListNull(types.StringType), nil},
		{"unknown list", types.ListUnknown(types.StringType), nil},
	} {
		resp := &validator.ListResponse{}
		NoNullEntries().ValidateList(context.Background(), validator.ListRequest{Path: path.Root("x"), ConfigValue: c.value}, resp)
		var got []string
		for _, d := range resp.Diagnostics {
			withPath, ok := d.(interface{ Path() path.Path })
			if !ok || d.Summary() != "Null Entry" || !strings.HasPrefix(d.Detail(), withPath.Path().String()+" is null.") {
				t.Errorf("%s: %T %q %q", c.name, d, d.Summary(), d.Detail())
				continue
			}
			got = append(got, withPath.Path().String())
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%s: errors at %v, want %v", c.name, got, c.want)
		}
	}
}
