package fwshim

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
// policies[1].include[0].email.email, it points at the block's first line
// instead (it walks blocks, not the expressions of nested attributes).
// Diagnostics about anything inside a top-level list element are therefore
// moved to that element, the most precise place Terraform can show, and
// their detail names the full path.

// ListElement returns the root[N] prefix of p, or p when it is not below an
// element of a top-level list.
func ListElement(p path.Path) path.Path {
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

// MoveToListElements moves the diagnostics from index from on to their
// top-level list element, keeping the full path in the detail.
func MoveToListElements(diags diag.Diagnostics, from int) {
	for i := from; i < len(diags); i++ {
		d, ok := diags[i].(diag.DiagnosticWithPath)
		if !ok {
			continue
		}
		at := ListElement(d.Path())
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

// ObjectAtListElement wraps an object validator so that its diagnostics
// land on the top-level list element.
func ObjectAtListElement(v validator.Object) validator.Object { return elementObject{v} }

func (v elementString) ValidateString(ctx context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	n := len(resp.Diagnostics)
	v.String.ValidateString(ctx, req, resp)
	MoveToListElements(resp.Diagnostics, n)
}

func (v elementList) ValidateList(ctx context.Context, req validator.ListRequest, resp *validator.ListResponse) {
	n := len(resp.Diagnostics)
	v.List.ValidateList(ctx, req, resp)
	MoveToListElements(resp.Diagnostics, n)
}

func (v elementObject) ValidateObject(ctx context.Context, req validator.ObjectRequest, resp *validator.ObjectResponse) {
	n := len(resp.Diagnostics)
	v.Object.ValidateObject(ctx, req, resp)
	MoveToListElements(resp.Diagnostics, n)
}

func (v elementFloat64) ValidateFloat64(ctx context.Context, req validator.Float64Request, resp *validator.Float64Response) {
	n := len(resp.Diagnostics)
	v.Float64.ValidateFloat64(ctx, req, resp)
	MoveToListElements(resp.Diagnostics, n)
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

// ReportAtListElement wraps every validator of the attributes of a
// top-level list's elements, at any depth, so that its diagnostics land on
// the element.
func ReportAtListElement(attrs map[string]schema.Attribute) map[string]schema.Attribute {
	out := make(map[string]schema.Attribute, len(attrs))
	for name, a := range attrs {
		out[name] = reportAtListElement(a)
	}
	return out
}

func reportAtListElement(a schema.Attribute) schema.Attribute {
	str := func(v validator.String) validator.String { return elementString{v} }
	list := func(v validator.List) validator.List { return elementList{v} }
	obj := func(v validator.Object) validator.Object { return elementObject{v} }
	f64 := func(v validator.Float64) validator.Float64 { return elementFloat64{v} }
	switch a := a.(type) {
	case CachedListNested:
		inner, _ := reportAtListElement(a.ListNestedAttribute).(schema.ListNestedAttribute)
		return CacheTypes(inner)
	case schema.ListNestedAttribute:
		a.Validators = wrapAll(a.Validators, list)
		a.NestedObject.Validators = wrapAll(a.NestedObject.Validators, obj)
		a.NestedObject.Attributes = ReportAtListElement(a.NestedObject.Attributes)
		return a
	case schema.SingleNestedAttribute:
		a.Validators = wrapAll(a.Validators, obj)
		a.Attributes = ReportAtListElement(a.Attributes)
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
	// Bool attributes carry no validators here; any other kind is returned
	// as it is, and the differential test lists the kinds it covers.
	return a
}
