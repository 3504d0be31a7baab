package policy

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// An id excludes exactly the inline policy's fields, whatever they become.
func TestPolicyID_ConflictsWithEveryInlineField(t *testing.T) {
	ctx := context.Background()
	attrs := policyAttributes()
	id, ok := attrs["id"].(schema.StringAttribute)
	if !ok {
		t.Fatal("id is not a string attribute")
	}
	var described string
	for _, v := range id.Validators {
		described += v.Description(ctx)
	}
	for name := range inlinePolicyAttributes() {
		if !strings.Contains(described, "<."+name+",") && !strings.Contains(described, "<."+name+"]") {
			t.Errorf("id does not exclude %s: %s", name, described)
		}
	}
	if len(attrs) != len(inlinePolicyAttributes())+1 {
		t.Errorf("%d policy attributes, want the inline fields and id", len(attrs))
	}
}
