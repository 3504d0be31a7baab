package policytests_test

import (
	"fmt"
	"maps"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/acctest"
	"github.com/cloudflarezt/terraform-provider-cloudflarezt/internal/emulator"
)

const usersAddr = "data.cloudflarezt_access_policy_test_users.u"

// usersEmails checks that the users list holds exactly these emails, each
// with the given status.
func usersEmails(status string, want ...string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		attrs := s.RootModule().Resources[usersAddr].Primary.Attributes
		var got []string
		for k, v := range attrs {
			if strings.HasSuffix(k, ".email") {
				got = append(got, v)
				if st := attrs[strings.TrimSuffix(k, ".email")+".status"]; st != status {
					return fmt.Errorf("%s has status %q, want %q", v, st, status)
				}
			}
		}
		sort.Strings(got)
		sort.Strings(want)
		if strings.Join(got, ",") != strings.Join(want, ",") {
			return fmt.Errorf("users\n got %v\nwant %v", got, want)
		}
		return nil
	}
}

func TestAccAccessPolicyTestUsers_Filters(t *testing.T) {
	env := acctest.New(t, emulator.Options{})
	byStatus := func(status string) config.Variables {
		return acctest.Variables(config.Variables{"status": config.StringVariable(status)})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.Config(t, "users_by_status.tf"),
			ConfigVariables: byStatus("approved"),
			Check: usersEmails("approved", "mallory@contractors.example.com", "niaj@contractors.example.com", "olivia@contractors.example.com",
				"peggy@contractors.example.com", "rupert@contractors.example.com", "sybil@contractors.example.com"),
			ConfigStateChecks: []statecheck.StateCheck{
				env.CheckRequests(func(reqs []emulator.Request) error {
					for _, r := range reqs {
						if strings.HasSuffix(r.Path, "/users") && (r.Query.Get("status") != "success" || r.Query.Get("per_page") != "1000") {
							return fmt.Errorf("users query %v, want status=success per_page=1000", r.Query)
						}
					}
					return nil
				}),
			},
		}, {
			Config:          env.Config(t, "users_by_status.tf"),
			ConfigVariables: byStatus("blocked"),
			Check: usersEmails("blocked", "alice@example.com", "bob@example.com", "break-glass@example.com", "carol@example.com", "dave@example.com",
				"erin@example.com", "frank@example.com", "grace@example.com", "heidi@example.com", "judy@example.com", "uma@example.com"),
		}, {
			Config:          env.Config(t, "users_by_status.tf"),
			ConfigVariables: byStatus("error"),
			Check:           usersEmails("error", "ivan@example.com"),
		}},
	})
}

// usersPages counts the users pages asked for.
func usersPages(env *acctest.Env) int { return len(env.RequestsMatching("GET", "/users")) }

func TestAccAccessPolicyTestUsers_2500UsersAcrossPages(t *testing.T) {
	for _, clamp := range []int{1000, 300} {
		t.Run(fmt.Sprintf("server page size %d", clamp), func(t *testing.T) {
			env := acctest.New(t, emulator.Options{Directory: emulator.Generated(2500), MaxPerPage: clamp})
			wantPages := (2500+clamp-1)/clamp + 1 // every full page, then the empty one
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{{
					Config:          env.Config(t, "employees.tf") + acctest.Fixture(t, "users_of_t.tf"),
					ConfigVariables: acctest.Variables(nil),
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue(usersAddr, tfjsonpath.New("users"), knownvalue.ListSizeExact(2500)),
						statecheck.ExpectKnownValue(usersAddr, tfjsonpath.New("users").AtSliceIndex(2499).AtMapKey("email"), knownvalue.StringExact("user02499@contractors.example.com")),
						env.CheckRequests(func([]emulator.Request) error {
							if got := usersPages(env); got != wantPages {
								return fmt.Errorf("%d users pages read, want %d", got, wantPages)
							}
							return nil
						}),
					},
				}},
			})
		})
	}
}

func TestAccAccessPolicyTestUsers_MaxUsersStopsEarly(t *testing.T) {
	env := acctest.New(t, emulator.Options{Directory: emulator.Generated(2500), MaxPerPage: 300})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.Config(t, "employees.tf") + acctest.Fixture(t, "users_of_t.tf"),
			ConfigVariables: acctest.Variables(config.Variables{"max_users": config.IntegerVariable(450)}),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(usersAddr, tfjsonpath.New("users"), knownvalue.ListSizeExact(450)),
				env.CheckRequests(func([]emulator.Request) error {
					if got := usersPages(env); got != 2 {
						return fmt.Errorf("%d users pages read for 450 users at 300 a page, want 2", got)
					}
					return nil
				}),
			},
		}},
	})
}

func TestAccAccessPolicyTestUsers_Errors(t *testing.T) {
	env := acctest.New(t, emulator.Options{Tokens: map[string]string{acctest.Token: "write", "no-permission": "none"}})
	missing := strings.Repeat("ab", 32)
	users := func(vars config.Variables) config.Variables {
		all := config.Variables{"policy_test_id": config.StringVariable(missing)}
		maps.Copy(all, vars)
		return acctest.Variables(all)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProviderFactories,
		Steps: []resource.TestStep{{
			Config:          env.Config(t, "users_arguments.tf"),
			ConfigVariables: users(nil),
			ExpectError:     regexp.MustCompile(`(?s)Unable to Read Policy Test Users.*HTTP 404`),
		}, {
			Config:          env.ProviderBlockWith(`api_token = "no-permission"`) + acctest.Fixture(t, "users_arguments.tf"),
			ConfigVariables: users(nil),
			ExpectError:     regexp.MustCompile(`(?s)HTTP 403.*API\s+token.*Access:\s+Policy\s+Test\s+Read`),
		}, {
			Config:          env.Config(t, "users_arguments.tf"),
			ConfigVariables: users(config.Variables{"status": config.StringVariable("denied"), "max_users": config.IntegerVariable(0)}),
			ExpectError:     regexp.MustCompile(`(?s)status value must be one of.*max_users value must be at least 1`),
		}},
	})
}

// The users listing is checked like the comparison's: rows of another
// outcome, a repeated user, or rows that do not add up to the test's own
// counter fail the read.
func TestAccAccessPolicyTestUsers_CrossChecked(t *testing.T) {
	for name, kind := range map[string]emulator.FaultKind{
		"mislabelled": emulator.FaultMislabelledRows,
		"repeated":    emulator.FaultRepeatedRow,
		"short":       emulator.FaultMissingRow,
	} {
		t.Run(name, func(t *testing.T) {
			env := acctest.New(t, emulator.Options{})
			env.InjectFault(emulator.Fault{Kind: kind, Method: "GET", PathSuffix: "/users"})
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProviderFactories,
				Steps: []resource.TestStep{{
					Config:          env.Config(t, "users_by_status.tf"),
					ConfigVariables: acctest.Variables(config.Variables{"status": config.StringVariable("approved")}),
					ExpectError:     regexp.MustCompile(`Policy Test Users Do Not Add Up`),
				}},
			})
		})
	}
}
