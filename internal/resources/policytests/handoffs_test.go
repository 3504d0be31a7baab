package policytests

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
)

func TestHandoffs_SameTestOnly(t *testing.T) {
	body := client.PolicyTestRequest{Policies: []client.PolicyEntry{{ID: "f174e90a-fafe-4643-bbbc-4a0ed4fc8415"}}}
	other := client.PolicyTestRequest{Policies: []client.PolicyEntry{{ID: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"}}}
	triggers := types.MapValueMust(types.StringType, map[string]attr.Value{"run": types.StringValue("1")})
	key := func(account string, b client.PolicyTestRequest, tr types.Map) string {
		k, err := handoffKey(account, b, tr)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	var h handoffs
	h.put(key("a", body, triggers), "t1")
	h.put(key("a", body, triggers), "t2")
	for _, miss := range []string{key("b", body, triggers), key("a", other, triggers), key("a", body, types.MapNull(types.StringType)),
		key("a", body, types.MapValueMust(types.StringType, map[string]attr.Value{"run": types.StringValue("2")}))} {
		if id, ok := h.take(miss); ok {
			t.Fatalf("a different configuration took %s", id)
		}
	}
	for _, want := range []string{"t1", "t2"} {
		if id, ok := h.take(key("a", body, triggers)); !ok || id != want {
			t.Fatalf("took %q %v, want %s", id, ok, want)
		}
	}
	if id, ok := h.take(key("a", body, triggers)); ok {
		t.Fatalf("a test was handed over twice: %s", id)
	}
}
