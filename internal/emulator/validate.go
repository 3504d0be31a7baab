package emulator

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

type ValidationError struct {
	Pointer string
	Message string
}

func (e *ValidationError) Error() string { return e.Pointer + ": " + e.Message }

func invalid(pointer, format string, args ...any) *ValidationError {
	return &ValidationError{Pointer: pointer, Message: fmt.Sprintf(format, args...)}
}

// request is a validated start call.
type request struct {
	Policies []requestPolicy
}

// requestPolicy is either a reusable policy id or an inline policy.
type requestPolicy struct {
	ReusableID string
	Inline     *Policy
}

// ParseStartRequest decodes and validates a start call's body, stopping at
// the first offending field as the API does.
func ParseStartRequest(body []byte) (*request, *ValidationError) {
	var doc any
	dec := json.NewDecoder(strings.NewReader(string(body)))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		return nil, invalid("", "the request body is not valid JSON: %v", err)
	}
	if dec.More() {
		return nil, invalid("", "the request body has data after the JSON value")
	}
	obj, ok := doc.(map[string]any)
	if !ok {
		return nil, invalid("", "the request body must be a JSON object")
	}
	for key := range sortedKeys(obj) {
		if key != "policies" {
			return nil, invalid("/"+key, "unknown field %q", key)
		}
	}
	raw, ok := obj["policies"]
	if !ok || raw == nil {
		return nil, invalid("/policies", "at least one policy is required")
	}
	list, ok := raw.([]any)
	if !ok {
		return nil, invalid("/policies", "must be an array")
	}
	if len(list) == 0 {
		return nil, invalid("/policies", "at least one policy is required")
	}
	out := &request{}
	for i, item := range list {
		pointer := "/policies/" + strconv.Itoa(i)
		switch v := item.(type) {
		case string:
			if v == "" {
				return nil, invalid(pointer, "a reusable policy id must not be empty")
			}
			out.Policies = append(out.Policies, requestPolicy{ReusableID: v})
		case map[string]any:
			p, verr := parsePolicy(pointer, v)
			if verr != nil {
				return nil, verr
			}
			out.Policies = append(out.Policies, requestPolicy{Inline: p})
		default:
			return nil, invalid(pointer, "must be a reusable policy id (string) or an inline policy (object)")
		}
	}
	return out, nil
}

// parsePolicy validates one inline policy object.
func parsePolicy(pointer string, obj map[string]any) (*Policy, *ValidationError) {
	for key := range sortedKeys(obj) {
		switch key {
		case "include", "exclude", "require", "approval_groups", "connection_rules", "mfa_config":
		case "id":
			return nil, invalid(pointer+"/id", "unknown field \"id\": a reusable policy is sent as a bare id string")
		default:
			if _, ok := inlinePolicySpec[key]; !ok {
				return nil, invalid(pointer+"/"+key, "unknown field %q", key)
			}
		}
	}
	if verr := checkFields(pointer, obj, inlinePolicySpec); verr != nil {
		return nil, verr
	}
	// checkFields has made sure both are strings.
	name, _ := obj["name"].(string)
	decision, _ := obj["decision"].(string)
	p := &Policy{Name: name, Decision: decision}
	var verr *ValidationError
	if _, ok := obj["include"]; !ok {
		return nil, invalid(pointer+"/include", "required field is missing")
	}
	if p.Include, verr = parseRules(pointer+"/include", obj["include"], true); verr != nil {
		return nil, verr
	}
	if p.Exclude, verr = parseRules(pointer+"/exclude", obj["exclude"], false); verr != nil {
		return nil, verr
	}
	if p.Require, verr = parseRules(pointer+"/require", obj["require"], false); verr != nil {
		return nil, verr
	}
	if raw, ok := obj["approval_groups"]; ok {
		list, ok := raw.([]any)
		if !ok {
			return nil, invalid(pointer+"/approval_groups", "must be an array")
		}
		for i, item := range list {
			at := pointer + "/approval_groups/" + strconv.Itoa(i)
			group, ok := item.(map[string]any)
			if !ok {
				return nil, invalid(at, "must be an object")
			}
			if verr := checkObject(at, group, approvalGroupSpec); verr != nil {
				return nil, verr
			}
			number, _ := group["approvals_needed"].(json.Number) // checkObject has made sure it is one
			if n, err := number.Float64(); err == nil && n < 0 {
				return nil, invalid(at+"/approvals_needed", "must be at least 0")
			}
		}
	}
	if raw, ok := obj["connection_rules"]; ok {
		at := pointer + "/connection_rules"
		rules, ok := raw.(map[string]any)
		if !ok {
			return nil, invalid(at, "must be an object")
		}
		for key, value := range rules {
			if key != "rdp" {
				return nil, invalid(at+"/"+key, "unknown field %q", key)
			}
			rdp, ok := value.(map[string]any)
			if !ok {
				return nil, invalid(at+"/rdp", "must be an object")
			}
			if verr := checkObject(at+"/rdp", rdp, rdpSpec); verr != nil {
				return nil, verr
			}
		}
	}
	if raw, ok := obj["mfa_config"]; ok {
		mfa, ok := raw.(map[string]any)
		if !ok {
			return nil, invalid(pointer+"/mfa_config", "must be an object")
		}
		if verr := checkObject(pointer+"/mfa_config", mfa, mfaSpec); verr != nil {
			return nil, verr
		}
	}
	return p, nil
}

// parseRules validates a rule list; required lists must hold at least one rule.
func parseRules(pointer string, raw any, required bool) ([]Rule, *ValidationError) {
	if raw == nil {
		if required {
			return nil, invalid(pointer, "required field is missing")
		}
		return nil, nil
	}
	list, ok := raw.([]any)
	if !ok {
		return nil, invalid(pointer, "must be an array of rules")
	}
	if required && len(list) == 0 {
		return nil, invalid(pointer, "must contain at least one rule")
	}
	rules := make([]Rule, 0, len(list))
	for i, item := range list {
		at := pointer + "/" + strconv.Itoa(i)
		obj, ok := item.(map[string]any)
		if !ok {
			return nil, invalid(at, "a rule must be an object")
		}
		if len(obj) != 1 {
			return nil, invalid(at, "a rule must have exactly one rule type, found %d", len(obj))
		}
		for ruleType, value := range obj {
			spec, ok := ruleSpecs[ruleType]
			if !ok {
				return nil, invalid(at+"/"+ruleType, "unknown rule type %q", ruleType)
			}
			params, ok := value.(map[string]any)
			if !ok {
				return nil, invalid(at+"/"+ruleType, "rule parameters must be an object")
			}
			if verr := checkObject(at+"/"+ruleType, params, spec); verr != nil {
				return nil, verr
			}
			rules = append(rules, Rule{Type: ruleType, Params: params})
		}
	}
	return rules, nil
}

// checkObject rejects unknown fields, then checks the known ones.
func checkObject(pointer string, obj map[string]any, spec map[string]fieldSpec) *ValidationError {
	for key := range sortedKeys(obj) {
		if _, ok := spec[key]; !ok {
			return invalid(pointer+"/"+key, "unknown field %q", key)
		}
	}
	return checkFields(pointer, obj, spec)
}

func checkFields(pointer string, obj map[string]any, spec map[string]fieldSpec) *ValidationError {
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range spec {
			if !yield(k) {
				return
			}
		}
	}) {
		field := spec[name]
		at := pointer + "/" + name
		value, present := obj[name]
		if !present {
			if field.required {
				return invalid(at, "required field is missing")
			}
			continue
		}
		switch field.kind {
		case kindNullableString, kindString:
			if value == nil && field.kind == kindNullableString {
				continue
			}
			s, ok := value.(string)
			if !ok {
				return invalid(at, "must be a string")
			}
			if field.required && s == "" {
				return invalid(at, "must not be empty")
			}
			if len(field.enum) > 0 && !slices.Contains(field.enum, s) {
				return invalid(at, "must be one of %s, got %q", strings.Join(field.enum, ", "), s)
			}
			if field.check != nil {
				if err := field.check(s); err != nil {
					return invalid(at, "%v", err)
				}
			}
		case kindBool:
			if _, ok := value.(bool); !ok {
				return invalid(at, "must be a boolean")
			}
		case kindNumber:
			if _, ok := value.(json.Number); !ok {
				return invalid(at, "must be a number")
			}
		case kindStringList:
			list, ok := value.([]any)
			if !ok {
				return invalid(at, "must be an array of strings")
			}
			if field.required && len(list) == 0 {
				return invalid(at, "must not be empty")
			}
			for i, item := range list {
				s, ok := item.(string)
				if !ok {
					return invalid(at+"/"+strconv.Itoa(i), "must be a string")
				}
				if len(field.enum) > 0 && !slices.Contains(field.enum, s) {
					return invalid(at+"/"+strconv.Itoa(i), "must be one of %s, got %q", strings.Join(field.enum, ", "), s)
				}
			}
		}
	}
	return nil
}

// sortedKeys makes "the first offending field" deterministic.
func sortedKeys(m map[string]any) func(func(string) bool) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return func(yield func(string) bool) {
		for _, k := range keys {
			if !yield(k) {
				return
			}
		}
	}
}

var emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

func checkEmail(s string) error {
	if !emailPattern.MatchString(s) {
		return fmt.Errorf("%q is not an email address", s)
	}
	return nil
}

func checkCIDR(s string) error {
	if _, err := parsePrefix(s); err != nil {
		return fmt.Errorf("%q is not an IP address or CIDR range", s)
	}
	return nil
}

func checkDuration(s string) error {
	d, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("%q is not a duration such as 30m or 24h", s)
	}
	if d < 0 {
		return fmt.Errorf("%q is negative", s)
	}
	return nil
}

var mfaDurationPattern = regexp.MustCompile(`^[0-9]+(m|h)$`)

func checkMFADuration(s string) error {
	if !mfaDurationPattern.MatchString(s) {
		return fmt.Errorf("%q must be a whole number of minutes or hours, such as 30m or 24h", s)
	}
	d, err := time.ParseDuration(s)
	if err != nil || d > 720*time.Hour {
		return fmt.Errorf("%q must be between 0m and 720h", s)
	}
	return nil
}
