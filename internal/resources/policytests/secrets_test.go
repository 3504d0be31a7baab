package policytests_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// noSecretsInPlan fails when the plan JSON holds any of the secrets.
type noSecretsInPlan []string

func (secrets noSecretsInPlan) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	raw, err := json.Marshal(req.Plan)
	if err != nil {
		resp.Error = err
		return
	}
	for _, s := range secrets {
		if strings.Contains(string(raw), s) {
			resp.Error = fmt.Errorf("the plan contains the secret %q", s)
		}
	}
}

// A full apply at TRACE with each credential scheme: the secrets appear in no
// log line, state, plan or diagnostic, while request logging is there.
func TestAccSecrets_NeverLeak(t *testing.T) {
	schemes := map[string]struct {
		env     map[string]string
		secrets []string
		opts    emulator.Options
	}{
		"token": {
			env:     map[string]string{"CLOUDFLARE_API_TOKEN": "tok-5ecret-9f8e7d6c5b4a"},
			secrets: []string{"tok-5ecret-9f8e7d6c5b4a"},
			opts:    emulator.Options{Tokens: map[string]string{"tok-5ecret-9f8e7d6c5b4a": "write"}},
		},
		"key": {
			env:     map[string]string{"CLOUDFLARE_API_KEY": "key-5ecret-1a2b3c4d5e6f", "CLOUDFLARE_EMAIL": "hidden-ops@example.com"},
			secrets: []string{"key-5ecret-1a2b3c4d5e6f", "hidden-ops@example.com"},
			opts:    emulator.Options{APIKey: "key-5ecret-1a2b3c4d5e6f", APIEmail: "hidden-ops@example.com"},
		},
	}
	for name, scheme := range schemes {
		t.Run(name, func(t *testing.T) {
			env := acctest.New(t, scheme.opts)
			logFile := filepath.Join(t.TempDir(), "trace.log")
			for _, v := range []string{"CLOUDFLARE_API_TOKEN", "CLOUDFLARE_API_KEY", "CLOUDFLARE_EMAIL"} {
				t.Setenv(v, "")
			}
			for k, v := range scheme.env {
				t.Setenv(k, v)
			}
			t.Setenv("CLOUDFLARE_BASE_URL", env.BaseURL)
			t.Setenv("TF_LOG", "TRACE")
			t.Setenv("TF_ACC_LOG_PATH", logFile)

			clean := func(where, text string) error {
				for _, s := range scheme.secrets {
					if strings.Contains(text, s) {
						return fmt.Errorf("%s contains the secret %q", where, s)
					}
				}
				return nil
			}
			sawDiagnostic := false
			// No provider block: the credentials come from the environment.
			config := acctest.Fixture(t, "contractors.tf") + acctest.Fixture(t, "users_of_t.tf")
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				ErrorCheck: func(err error) error {
					sawDiagnostic = strings.Contains(err.Error(), "Unable to Read Policy Test")
					if cleanErr := clean("a diagnostic", err.Error()); cleanErr != nil {
						return cleanErr
					}
					if !sawDiagnostic {
						return err
					}
					return nil
				},
				Steps: []resource.TestStep{{
					Config:          config,
					ConfigVariables: acctest.Variables(nil),
					ConfigPlanChecks: resource.ConfigPlanChecks{
						PreApply:             []plancheck.PlanCheck{noSecretsInPlan(scheme.secrets)},
						PostApplyPostRefresh: []plancheck.PlanCheck{noSecretsInPlan(scheme.secrets)},
					},
					Check: func(s *terraform.State) error {
						raw, err := json.Marshal(s)
						if err != nil {
							return err
						}
						return clean("the state", string(raw))
					},
				}, {
					// A diagnostic: an unknown test.
					Config:          config + acctest.Fixture(t, "missing_test_by_id.tf"),
					ConfigVariables: acctest.Variables(nil),
				}},
			})
			if !sawDiagnostic {
				t.Fatal("the failing step produced no diagnostic to check")
			}
			raw, err := os.ReadFile(logFile)
			if err != nil {
				t.Fatal(err)
			}
			if err := clean("the TRACE log", string(raw)); err != nil {
				t.Fatal(err)
			}
			log := string(raw)
			if !strings.Contains(log, "Cloudflare API request") || !strings.Contains(log, "Cloudflare API response") || !strings.Contains(log, "[REDACTED]") {
				t.Fatalf("request logging is missing from the TRACE log (%d bytes)", len(raw))
			}
			// The emulator did receive the real credentials.
			for _, r := range env.Requests() {
				if r.AuthScheme == "none" {
					t.Fatalf("%s %s arrived without credentials", r.Method, r.Path)
				}
			}
		})
	}
}
