package plangates

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Plan is the part of a plan's JSON the derivation reads.
type Plan struct {
	FormatVersion    string           `json:"format_version"`
	TerraformVersion string           `json:"terraform_version"`
	PlannedValues    json.RawMessage  `json:"planned_values"`
	ResourceChanges  []ResourceChange `json:"resource_changes"`
	Configuration    *configuration   `json:"configuration"`
	// Complete is false for a partial plan (-target, deferred changes);
	// Terraform before 1.8 does not say.
	Complete *bool `json:"complete"`
	Errored  bool  `json:"errored"`
	// Values is the root of a state's JSON (`terraform show -json` without
	// a plan file), which has no planned values.
	Values json.RawMessage `json:"values"`
}

// ResourceChange is one resource instance the plan touches.
type ResourceChange struct {
	Address       string `json:"address"`
	ModuleAddress string `json:"module_address"`
	Mode          string `json:"mode"`
	Type          string `json:"type"`
	Name          string `json:"name"`
	Change        struct {
		Actions      []string       `json:"actions"`
		Before       map[string]any `json:"before"`
		After        map[string]any `json:"after"`
		AfterUnknown any            `json:"after_unknown"`
	} `json:"change"`
}

type configuration struct {
	RootModule configModule `json:"root_module"`
}

type configModule struct {
	Resources []struct {
		Address     string                      `json:"address"`
		Expressions map[string]configExpression `json:"expressions"`
	} `json:"resources"`
	ModuleCalls map[string]struct {
		Expressions map[string]configExpression `json:"expressions"`
		Module      configModule                `json:"module"`
	} `json:"module_calls"`
}

type configExpression struct {
	References []string `json:"references"`
}

// ErrNotPlan and the others say why a file cannot be read as a plan.
var (
	ErrNotJSON        = errors.New("is not JSON")
	ErrNotPlan        = errors.New("is not the JSON of a plan")
	ErrState          = errors.New("is the JSON of a state, not of a plan")
	ErrFormat         = errors.New("has a format this reader does not know")
	ErrPartial        = errors.New("is a partial plan")
	ErrErrored        = errors.New("is the plan of a run that failed")
	ErrTrailingValues = errors.New("holds more than one JSON value")
)

// ParsePlan reads the JSON of `terraform show -json tfplan` (Terraform 1.0
// and later, OpenTofu: format_version 1.x) and refuses what cannot be
// gated: another file, a state, a partial plan, a failed one.
func ParsePlan(raw []byte) (*Plan, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	var p Plan
	if err := dec.Decode(&p); err != nil {
		var syntax *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &typ):
			return nil, fmt.Errorf("%w (%w): make it with `terraform show -json tfplan > plan.json`", ErrNotPlan, err)
		case errors.As(err, &syntax):
			return nil, fmt.Errorf("%w (%w at byte %d): make it with `terraform show -json tfplan > plan.json`", ErrNotJSON, syntax, syntax.Offset)
		}
		return nil, fmt.Errorf("%w (%w): make it with `terraform show -json tfplan > plan.json`", ErrNotJSON, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: `terraform plan -json` writes lines of log, `terraform show -json tfplan` the one plan this reads", ErrTrailingValues)
	}
	switch {
	case p.FormatVersion == "" || p.TerraformVersion == "":
		return nil, fmt.Errorf("%w: it has no format_version and terraform_version; make it with `terraform show -json tfplan > plan.json`", ErrNotPlan)
	case p.PlannedValues == nil && p.Values != nil:
		return nil, fmt.Errorf("%w: `terraform show -json` without a plan file shows the state; save the plan (`terraform plan -out=tfplan`) and show that", ErrState)
	case p.PlannedValues == nil:
		return nil, fmt.Errorf("%w: it has no planned_values; make it with `terraform show -json tfplan > plan.json`", ErrNotPlan)
	case !strings.HasPrefix(p.FormatVersion, "1."):
		return nil, fmt.Errorf("%w: format_version %q (Terraform %s); this reader knows 1.x, which Terraform 1.0 and later and OpenTofu write", ErrFormat, p.FormatVersion, p.TerraformVersion)
	case p.Complete != nil && !*p.Complete:
		return nil, fmt.Errorf("%w (complete: false): made with -target, or with changes deferred, it leaves out resources whose change would not be gated; plan the whole configuration", ErrPartial)
	case p.Errored:
		return nil, fmt.Errorf("%w (errored: true): its changes are not what an apply would make; fix the plan first", ErrErrored)
	}
	return &p, nil
}
