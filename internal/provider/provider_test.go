package provider_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

// clearCredentialEnv keeps the machine's environment out of these tests.
func clearCredentialEnv(t *testing.T) {
	for _, name := range []string{"CLOUDFLARE_API_TOKEN", "CLOUDFLARE_API_KEY", "CLOUDFLARE_EMAIL", "CLOUDFLARE_BASE_URL", "CLOUDFLARE_USER_AGENT_OPERATOR_SUFFIX"} {
		t.Setenv(name, "")
	}
}

func TestAccProvider_MissingCredentials(t *testing.T) {
	clearCredentialEnv(t)
	env := acctest.New(t, emulator.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.ProviderBlockWithoutCredentials() + acctest.Fixture(t, "minimal.tf"),
			ConfigVariables: acctest.Variables(nil),
			ExpectError:     regexp.MustCompile(`(?s)Missing Cloudflare Credentials.*api_token.*CLOUDFLARE_API_TOKEN.*api_key.*email.*CLOUDFLARE_API_KEY.*CLOUDFLARE_EMAIL`),
		}},
	})
	if n := len(env.Requests()); n != 0 {
		t.Fatalf("the emulator received %d requests; credential errors must stop at plan time", n)
	}
}

func TestAccProvider_TokenAndKeyConflict(t *testing.T) {
	clearCredentialEnv(t)
	t.Setenv("CLOUDFLARE_API_KEY", "some-global-key")
	env := acctest.New(t, emulator.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.ProviderBlock() + acctest.Fixture(t, "minimal.tf"),
			ConfigVariables: acctest.Variables(nil),
			ExpectError:     regexp.MustCompile(`(?s)Conflicting Cloudflare Credentials.*api_token.*CLOUDFLARE_API_TOKEN.*api_key.*CLOUDFLARE_API_KEY`),
		}},
	})
	if n := len(env.Requests()); n != 0 {
		t.Fatalf("the emulator received %d requests", n)
	}
}

func TestAccProvider_KeyWithoutEmail(t *testing.T) {
	clearCredentialEnv(t)
	env := acctest.New(t, emulator.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.ProviderBlockWith(`api_key = "some-global-key"`) + acctest.Fixture(t, "minimal.tf"),
			ConfigVariables: acctest.Variables(nil),
			ExpectError:     regexp.MustCompile(`(?s)Missing Cloudflare Email.*email.*CLOUDFLARE_EMAIL`),
		}},
	})
}

func TestAccProvider_InvalidBaseURL(t *testing.T) {
	clearCredentialEnv(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          acctest.Fixture(t, "invalid_base_url.tf") + acctest.Fixture(t, "minimal.tf"),
			ConfigVariables: acctest.Variables(nil),
			ExpectError:     regexp.MustCompile(`(?s)Invalid Provider Configuration.*base URL "not a url".*CLOUDFLARE_BASE_URL`),
		}},
	})
}

// An unknown credential during plan defers the checks instead of failing.
func TestAccProvider_UnknownCredentialsDeferred(t *testing.T) {
	clearCredentialEnv(t)
	env := acctest.New(t, emulator.Options{})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          acctest.Fixture(t, "token_from_resource.tf") + env.ProviderBlockWith(`api_token = terraform_data.token.output`) + acctest.Fixture(t, "minimal.tf"),
			ConfigVariables: acctest.Variables(config.Variables{"token": config.StringVariable(acctest.Token)}),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("cloudflarezt_access_policy_test.t", tfjsonpath.New("status"), knownvalue.StringExact("complete")),
			},
		}},
	})
}

var userAgentPattern = regexp.MustCompile(`^terraform-provider-cloudflarezt/test terraform-plugin-framework/1\.19\.0 terraform/1\.\d+\.\d+$`)

func TestAccProvider_TokenFromEnvironment(t *testing.T) {
	clearCredentialEnv(t)
	env := acctest.New(t, emulator.Options{})
	t.Setenv("CLOUDFLARE_API_TOKEN", acctest.Token)
	t.Setenv("CLOUDFLARE_BASE_URL", env.BaseURL)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          acctest.Fixture(t, "minimal.tf"),
			ConfigVariables: acctest.Variables(nil),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("cloudflarezt_access_policy_test.t", tfjsonpath.New("users_approved"), knownvalue.Int64Exact(17)),
				env.CheckRequests(func(reqs []emulator.Request) error {
					for _, r := range reqs {
						if got := r.Header.Get("Authorization"); got != "Bearer "+acctest.Token {
							return fmt.Errorf("%s %s: Authorization = %q", r.Method, r.Path, got)
						}
						if r.Header.Get("X-Auth-Key") != "" || r.Header.Get("X-Auth-Email") != "" {
							return fmt.Errorf("%s %s sent key headers along with a token", r.Method, r.Path)
						}
						if !userAgentPattern.MatchString(r.UserAgent) {
							return fmt.Errorf("User-Agent = %q, want %s", r.UserAgent, userAgentPattern)
						}
					}
					return nil
				}),
			},
		}},
	})
}

func TestAccProvider_KeyAndEmailWithOperatorSuffix(t *testing.T) {
	clearCredentialEnv(t)
	env := acctest.New(t, emulator.Options{APIKey: "global-key-7d3a", APIEmail: "ops@example.com"})
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.ProviderBlockWith(`
  api_key                    = "global-key-7d3a"
  email                      = "ops@example.com"
  user_agent_operator_suffix = "pipeline/zt-gate 2.1"`) + acctest.Fixture(t, "minimal.tf"),
			ConfigVariables: acctest.Variables(nil),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("cloudflarezt_access_policy_test.t", tfjsonpath.New("status"), knownvalue.StringExact("complete")),
				env.CheckRequests(func(reqs []emulator.Request) error {
					if len(reqs) == 0 {
						return fmt.Errorf("no request reached the emulator")
					}
					for _, r := range reqs {
						if r.AuthScheme != "key" || r.Header.Get("X-Auth-Key") != "global-key-7d3a" || r.Header.Get("X-Auth-Email") != "ops@example.com" {
							return fmt.Errorf("%s %s: auth scheme %q, key %q, email %q", r.Method, r.Path, r.AuthScheme, r.Header.Get("X-Auth-Key"), r.Header.Get("X-Auth-Email"))
						}
						if r.Header.Get("Authorization") != "" {
							return fmt.Errorf("%s %s sent an Authorization header with key credentials", r.Method, r.Path)
						}
						want := "terraform-provider-cloudflarezt/test terraform-plugin-framework/1.19.0 pipeline/zt-gate 2.1"
						if r.UserAgent != want {
							return fmt.Errorf("User-Agent = %q, want %q", r.UserAgent, want)
						}
						if strings.Contains(r.UserAgent, `"`) {
							return fmt.Errorf("User-Agent is quoted: %q", r.UserAgent)
						}
					}
					return nil
				}),
			},
		}},
	})
}
