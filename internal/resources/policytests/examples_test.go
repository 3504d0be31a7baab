package policytests_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/client"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

const examplesDir = "../../../examples"

// exampleTestID stands in the examples for a test started elsewhere.
const exampleTestID = "9e3c1d7a5b2f48e6a0c4d8f2b6e1a3c57d9f0b2e4a6c8e1f3a5b7d9c0e2f4a6b"

func readExample(t *testing.T, rel string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(examplesDir, rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(raw)
}

// startElsewhere starts a test through the API, as the dashboard would.
func startElsewhere(t *testing.T, env *acctest.Env) string {
	t.Helper()
	c, err := client.New(client.Config{BaseURL: env.BaseURL, APIToken: acctest.Token})
	if err != nil {
		t.Fatal(err)
	}
	started, err := c.StartPolicyTest(context.Background(), acctest.AccountID, client.PolicyTestRequest{
		Policies: []client.PolicyEntry{{ID: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return started.ID
}

// Every example applies against the emulator, with an empty plan after.
func TestAccExamples(t *testing.T) {
	examples := []string{
		"resources/cloudflarezt_access_policy_test/resource.tf",
		"data-sources/cloudflarezt_access_policy_test/data-source.tf",
		"data-sources/cloudflarezt_access_policy_test_users/data-source.tf",
		"data-sources/cloudflarezt_access_policy_change/data-source.tf",
		"data-sources/cloudflarezt_access_applications/data-source.tf",
		"scenarios/reusable-policy/main.tf",
		"scenarios/shared-locals/main.tf",
		"scenarios/gate-postcondition/main.tf",
		"scenarios/gate-check/main.tf",
		"scenarios/triggers/main.tf",
		"scenarios/blocked-users/main.tf",
		"scenarios/import/main.tf",
	}
	for _, rel := range examples {
		t.Run(rel, func(t *testing.T) {
			// A test started elsewhere gets the id the examples name.
			env := acctest.New(t, emulator.Options{TestIDs: []string{exampleTestID}})
			body := readExample(t, rel)
			vars := config.Variables{"account_id": config.StringVariable(acctest.AccountID)}
			if strings.Contains(body, exampleTestID) || strings.Contains(body, `variable "policy_test_id"`) {
				startElsewhere(t, env)
				if strings.Contains(body, `variable "policy_test_id"`) {
					vars["policy_test_id"] = config.StringVariable(exampleTestID)
				}
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{{
					Config:          env.ProviderBlock() + body,
					ConfigVariables: vars,
				}},
			})
			if len(env.Requests()) == 0 {
				t.Fatal("the example sent no request")
			}
		})
	}
}

// The provider example configures from the environment, like the official
// provider.
func TestAccExamples_Provider(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	t.Setenv("CLOUDFLARE_API_TOKEN", acctest.Token)
	t.Setenv("CLOUDFLARE_BASE_URL", env.BaseURL)
	t.Setenv("CLOUDFLARE_API_KEY", "")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          readExample(t, "provider/provider.tf") + readExample(t, "resources/cloudflarezt_access_policy_test/resource.tf"),
			ConfigVariables: config.Variables{"account_id": config.StringVariable(acctest.AccountID)},
			ConfigStateChecks: []statecheck.StateCheck{
				env.CheckTestsStarted(1),
			},
		}},
	})
}

// Both action examples apply (the actions pass) and each invocation costs
// exactly what it should.
func TestAccActionExamples(t *testing.T) {
	for rel, requests := range map[string]int{
		"actions/cloudflarezt_access_policy_change/action.tf": requestsPerGatePlan,
		"actions/cloudflarezt_access_policy_test/action.tf":   2, // the start and one status read
	} {
		t.Run(rel, func(t *testing.T) {
			env := acctest.New(t, emulator.Options{})
			resource.ParallelTest(t, actionTestCase(resource.TestStep{
				Config:            env.ProviderBlock() + readExample(t, rel),
				ConfigVariables:   acctest.Variables(nil),
				ConfigStateChecks: []statecheck.StateCheck{requestCount(env, requests)},
			}))
		})
	}
}
