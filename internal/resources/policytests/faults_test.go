package policytests_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

func TestAccFaults_429WithRetryAfterOnStart(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	env.InjectFault(emulator.Fault{Kind: emulator.FaultStatus, Method: http.MethodPost, Status: 429, RetryAfter: "2"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.Config(t, "contractors.tf"),
			ConfigVariables: acctest.Variables(nil),
			ConfigStateChecks: []statecheck.StateCheck{
				env.CheckTestsStarted(1),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("complete")),
				env.CheckRequests(func([]emulator.Request) error {
					posts := env.Starts()
					if len(posts) != 2 || posts[0].Status != 429 || posts[1].Status != 200 {
						return fmt.Errorf("start calls: %d", len(posts))
					}
					if gap := posts[1].Time.Sub(posts[0].Time); gap < 2*time.Second {
						return fmt.Errorf("retried after %s, before the 2s Retry-After", gap)
					}
					return nil
				}),
			},
		}},
	})
}

func TestAccFaults_5xxBurstsWhilePollingAndListing(t *testing.T) {
	env := acctest.New(t, emulator.Options{CompleteAfterPolls: 1})
	// Queued in order: the /users faults only match the users pages; the
	// others hit the status reads, which come first.
	for _, status := range []int{500, 502, 503} {
		env.InjectFault(emulator.Fault{Kind: emulator.FaultStatus, Method: http.MethodGet, PathSuffix: "/users", Status: status})
	}
	for _, status := range []int{503, 500, 502} {
		env.InjectFault(emulator.Fault{Kind: emulator.FaultStatus, Method: http.MethodGet, Status: status})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.Config(t, "users_by_status.tf"),
			ConfigVariables: acctest.Variables(config.Variables{"status": config.StringVariable("blocked")}),
			ConfigStateChecks: []statecheck.StateCheck{
				env.CheckTestsStarted(1),
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("users_blocked"), knownvalue.Int64Exact(11)),
				statecheck.ExpectKnownValue(usersAddr, tfjsonpath.New("users"), knownvalue.ListSizeExact(11)),
				env.CheckRequests(func(reqs []emulator.Request) error {
					failed := 0
					for _, r := range reqs {
						if r.Status >= 500 {
							failed++
						}
					}
					if failed != 6 {
						return fmt.Errorf("%d 5xx answers, want the 6 injected", failed)
					}
					return nil
				}),
			},
		}},
	})
}

func TestAccFaults_429StormLongerThanTimeout(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	env.InjectFault(emulator.Fault{Kind: emulator.FaultStatus, Status: 429, RetryAfter: "1", Count: 1000})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.Config(t, "contractors.tf"),
			ConfigVariables: acctest.Variables(config.Variables{"create_timeout": config.StringVariable("3s")}),
			ExpectError:     regexp.MustCompile(`(?s)Unable to Start Policy Test.*rate\s+limited\s+by\s+the\s+Cloudflare\s+API.*HTTP\s+429.*200\s+requests/s.*requests_per_second.*1,200\s+requests\s+per\s+5\s+minutes`),
		}},
	})
	if n := len(env.TestIDs()); n != 0 {
		t.Fatalf("%d tests started although every start call was refused", n)
	}
}

func TestAccFaults_SlowerThanTimeoutKeepsID(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	env.InjectFault(emulator.Fault{Kind: emulator.FaultDelay, Method: http.MethodGet, Delay: 30 * time.Second, Count: 10})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.Config(t, "contractors.tf"),
			ConfigVariables: acctest.Variables(config.Variables{"create_timeout": config.StringVariable("2s")}),
			ExpectError:     regexp.MustCompile(`(?s)Timed Out Waiting for Policy Test.*within 2s.*kept\s+in\s+state`),
		}, {
			PreConfig:          func() { env.ClearFaults() },
			RefreshState:       true,
			ExpectNonEmptyPlan: true, // Terraform taints an object whose create failed
			Check: func(s *terraform.State) error {
				ids := env.TestIDs()
				if rs := s.RootModule().Resources[addr]; rs == nil || len(ids) != 1 || rs.Primary.ID != ids[0] {
					return fmt.Errorf("state lost the test id (started: %v)", ids)
				}
				return nil
			},
		}},
	})
}

// Each malformed answer is a clear diagnostic, never a panic.
func TestAccFaults_MalformedAnswers(t *testing.T) {
	cases := []struct {
		name  string
		fault emulator.Fault
		want  string
	}{
		{"malformed json", emulator.Fault{Kind: emulator.FaultMalformed, Method: http.MethodPost},
			`Unable to Start Policy Test.*HTTP 200 with a body that is not a valid response\s+envelope`},
		{"success false", emulator.Fault{Kind: emulator.FaultUnsuccessful, Method: http.MethodPost},
			`Unable to Start Policy Test.*HTTP 200.*\[10999\] injected fault: success false`},
		{"malformed status read", emulator.Fault{Kind: emulator.FaultMalformed, Method: http.MethodGet},
			`Unable to Read Policy Test.*not a valid response\s+envelope.*Policy test: [0-9a-f]{64}`},
		{"dropped every time", emulator.Fault{Kind: emulator.FaultDrop, Method: http.MethodPost, Count: 100},
			`Unable to Start Policy Test.*POST\s+/accounts/` + acctest.AccountID + `/access/policy-tests:\s+no\s+answer\s+from\s+the\s+Cloudflare\s+API\s+after\s+5\s+attempt.*network\s+error`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := acctest.New(t, emulator.Options{})
			env.InjectFault(c.fault)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{{
					Config:          env.Config(t, "contractors.tf"),
					ConfigVariables: acctest.Variables(nil),
					ExpectError:     regexp.MustCompile(`(?s)` + c.want),
				}},
			})
		})
	}
}

// Transient transport faults are retried and the apply succeeds with one test.
func TestAccFaults_RecoverableTransportFaults(t *testing.T) {
	cases := map[string]emulator.Fault{
		"dropped start":     {Kind: emulator.FaultDrop, Method: http.MethodPost},
		"truncated start":   {Kind: emulator.FaultTruncated, Method: http.MethodPost},
		"truncated polling": {Kind: emulator.FaultTruncated, Method: http.MethodGet, Count: 2},
	}
	for name, fault := range cases {
		t.Run(name, func(t *testing.T) {
			env := acctest.New(t, emulator.Options{})
			env.InjectFault(fault)
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{{
					Config:          env.Config(t, "contractors.tf"),
					ConfigVariables: acctest.Variables(nil),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(addr, tfjsonpath.New("users_approved"), knownvalue.Int64Exact(6)),
					},
				}},
			})
			// A start call cut off after the emulator read it may have
			// started a test; the provider logs that and retries once.
			if n := len(env.TestIDs()); n < 1 || n > 2 || (!strings.Contains(name, "start") && n != 1) {
				t.Fatalf("%d tests started", n)
			}
		})
	}
}

func TestAccFaults_UnknownStatusWarnsAndStores(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	env.InjectFault(emulator.Fault{Kind: emulator.FaultUnknownStatus, Method: http.MethodGet})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.Config(t, "contractors.tf"),
			ConfigVariables: acctest.Variables(nil),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(addr, tfjsonpath.New("status"), knownvalue.StringExact("paused by operator")),
				env.CheckTestsStarted(1),
				env.CheckRequests(func(reqs []emulator.Request) error {
					if n := statusReads(reqs); n != 1 {
						return fmt.Errorf("%d status reads; an unknown status must stop the wait", n)
					}
					return nil
				}),
			},
		}},
	})
}

func TestAccFaults_401NamesKeyCredentials(t *testing.T) {
	env := acctest.New(t, emulator.Options{APIKey: "the-right-key", APIEmail: "ops@example.com"})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.ProviderBlockWith(`
  api_key = "a-wrong-key"
  email   = "ops@example.com"`) + acctest.Fixture(t, "contractors.tf"),
			ConfigVariables: acctest.Variables(nil),
			ExpectError:     regexp.MustCompile(`(?s)HTTP 401.*\[10000\] Authentication error.*authenticated\s+with\s+an\s+API\s+key\s+and\s+email.*CLOUDFLARE_API_KEY.*Access:\s+Policy\s+Test\s+Write`),
		}},
	})
}

// A start that Cloudflare keeps answering with a server error fails after
// max_retries, with the status, the number of attempts made and advice.
func TestAccFaults_Persistent5xxOnStartAdvises(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	env.InjectFault(emulator.Fault{Kind: emulator.FaultStatus, Method: http.MethodPost, Status: http.StatusInternalServerError, Count: 100})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.ProviderBlockWith("max_retries = 2") + acctest.Fixture(t, "contractors.tf"),
			ConfigVariables: acctest.Variables(nil),
			ExpectError: regexp.MustCompile("(?s)" + strings.ReplaceAll("Unable to Start Policy Test.*HTTP 500.*server error through every retry \\(`max_retries`\\)"+
				".*status page.*raise `max_retries`.*may still have started a test", " ", `\s+`)),
		}},
	})
	if n := len(env.Starts()); n != 3 {
		t.Errorf("%d start calls, want 3 (the first and max_retries = 2 retries)", n)
	}
}
