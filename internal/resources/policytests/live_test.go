package policytests_test

import (
	"os"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
)

// TestAccLive_PolicyTestAndUsers runs against the real API (make
// testacc-live). A policy test changes no live policy.
func TestAccLive_PolicyTestAndUsers(t *testing.T) {
	account := os.Getenv("CLOUDFLARE_ACCOUNT_ID")
	if os.Getenv("CLOUDFLARE_LIVE") == "" || os.Getenv("CLOUDFLARE_API_TOKEN") == "" || account == "" {
		t.Skip("live tests need CLOUDFLARE_LIVE=1, CLOUDFLARE_API_TOKEN and CLOUDFLARE_ACCOUNT_ID (make testacc-live)")
	}
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          acctest.Fixture(t, "live.tf"),
			ConfigVariables: config.Variables{"account_id": config.StringVariable(account)},
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("id"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("total_users"), knownvalue.NotNull()),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("users_blocked"), knownvalue.Int64Exact(0)),
			},
		}},
	})
}
