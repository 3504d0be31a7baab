package policytests

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
)

// Terraform shows a diagnostic's source line only for a top-level attribute
// or one element of it (policies[1]); for any deeper path, such as
// policies[1].include[0].email.email, it points at the resource's first
// line instead (tfdiags.attributeDiagnostic.ElaborateFromConfigBody walks
// blocks, not the expressions of nested attributes). Diagnostics about
// anything inside a policy are therefore attached to the policy element,
// the most precise place Terraform can show; their detail names the full
// path.

// policyElement returns the policies[N] prefix of p, or p when it is not
// below a policy element.
func policyElement(p path.Path) path.Path {
	steps := p.Steps()
	if len(steps) <= 2 {
		return p
	}
	name, ok := steps[0].(path.PathStepAttributeName)
	index, isIndex := steps[1].(path.PathStepElementKeyInt)
	if !ok || !isIndex {
		return p
	}
	return path.Root(string(name)).AtListIndex(int(index))
}

// atPolicyElements moves the diagnostics from index from on to their
// policy element, keeping the full path in the detail.
func atPolicyElements(diags diag.Diagnostics, from int) {
	for i := from; i < len(diags); i++ {
		d, ok := diags[i].(diag.DiagnosticWithPath)
		if !ok {
			continue
		}
		at := policyElement(d.Path())
		if at.Equal(d.Path()) {
			continue
		}
		detail := d.Detail()
		if full := d.Path().String(); !strings.Contains(detail, full) {
			detail = full + ": " + detail
		}
		if d.Severity() == diag.SeverityWarning {
			diags[i] = diag.NewAttributeWarningDiagnostic(at, d.Summary(), detail)
		} else {
			diags[i] = diag.NewAttributeErrorDiagnostic(at, d.Summary(), detail)
		}
	}
}

type (
	elementString  struct{ validator.String }
	elementList    struct{ validator.List }
	elementObject  struct{ validator.Object }
	elementFloat64 struct{ validator.Float64 }
)

func (v elementString) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	n := len(resp.Diagnostics)
	v.String.ValidateString(ctx, req, resp)
	atPolicyElements(resp.Diagnostics, n)
}

func (v elementList) ValidateList(ctx context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	n := len(resp.Diagnostics)
	v.List.ValidateList(ctx, req, resp)
	atPolicyElements(resp.Diagnostics, n)
}

func (v elementObject) ValidateObject(ctx context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	n := len(resp.Diagnostics)
	v.Object.ValidateObject(ctx, req, resp)
	atPolicyElements(resp.Diagnostics, n)
}

func (v elementFloat64) ValidateFloat64(ctx context.Context, req validator.Float64Request, resp *validator.Float64Response) {
	n := len(resp.Diagnostics)
	v.Float64.ValidateFloat64(ctx, req, resp)
	atPolicyElements(resp.Diagnostics, n)
}

func wrapAll[V any, W any](vs []V, wrap func(V) W) []W {
	if vs == nil {
		return nil
	}
	out := make([]W, len(vs))
	for i, v := range vs {
		out[i] = wrap(v)
	}
	return out
}

// reportAtPolicyElement wraps every validator of a policy's attributes,
// at any depth, so that its diagnostics land on the policy element.
func reportAtPolicyElement(attrs map[string]schema.Attribute) map[string]schema.Attribute {
	out := make(map[string]schema.Attribute, len(attrs))
	for name, a := range attrs {
		out[name] = attributeReportingAtPolicyElement(a)
	}
	return out
}

func attributeReportingAtPolicyElement(a schema.Attribute) schema.Attribute {
	str := func(v validator.String) validator.String { return elementString{v} }
	list := func(v validator.List) validator.List { return elementList{v} }
	obj := func(v validator.Object) validator.Object { return elementObject{v} }
	f64 := func(v validator.Float64) validator.Float64 { return elementFloat64{v} }
	switch a := a.(type) {
	case cachedListNested:
		inner, _ := attributeReportingAtPolicyElement(a.ListNestedAttribute).(schema.ListNestedAttribute)
		return withCachedTypes(inner)
	case schema.ListNestedAttribute:
		a.Validators = wrapAll(a.Validators, list)
		a.NestedObject.Validators = wrapAll(a.NestedObject.Validators, obj)
		a.NestedObject.Attributes = reportAtPolicyElement(a.NestedObject.Attributes)
		return a
	case schema.SingleNestedAttribute:
		a.Validators = wrapAll(a.Validators, obj)
		a.Attributes = reportAtPolicyElement(a.Attributes)
		return a
	case schema.StringAttribute:
		a.Validators = wrapAll(a.Validators, str)
		return a
	case schema.ListAttribute:
		a.Validators = wrapAll(a.Validators, list)
		return a
	case schema.Float64Attribute:
		a.Validators = wrapAll(a.Validators, f64)
		return a
	}
	return a
}
