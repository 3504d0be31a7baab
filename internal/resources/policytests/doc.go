// Package policytests serves every entity of the provider, each built on
// Cloudflare's Access policy tests (/accounts/{account_id}/access/policy-tests):
//
//   - resource cloudflarezt_access_policy_test (resource.go,
//     resource_schema.go, resource_import.go): starts a test and keeps its
//     results in state;
//   - data source cloudflarezt_access_policy_test (data_source.go): reads a
//     test by id, or runs one of `policies` during the read;
//   - data source cloudflarezt_access_policy_test_users
//     (users_data_source.go): lists a test's users;
//   - data source cloudflarezt_access_policy_change (change_data_source.go):
//     the pull-request gate, which compares `current` with `candidate`;
//   - data source cloudflarezt_access_plan_gates (plan_gates_data_source.go):
//     the gates a saved plan of the official provider's configuration needs
//     (internal/plangates), each application's two lists for the change gate;
//   - ephemeral resource cloudflarezt_access_policy_change
//     (change_ephemeral.go): the same gate, kept in no plan and no state;
//   - action cloudflarezt_access_policy_test (action.go): one test with
//     limits, at apply;
//   - action cloudflarezt_access_policy_change (change_action.go): the
//     comparison at apply, before the policy changes.
//
// Below the entities, each file has one job, and none uses an entity file:
// models.go (every model, with its operation's timeout), operation.go (how
// a read, open or invocation begins), runner.go (one test: start and wait),
// change_run.go and change_compare.go (the comparison), standing_rules.go
// (always_approved and never_approved), results.go and
// change_results.go (API results into models), change_schema.go and
// attributes.go (shared attributes), diagnostics.go (every diagnostic),
// defaults.go (default timeouts and token permissions), provider_data.go,
// shared_runs.go, handoffs.go, wait.go, timeouts.go, action_progress.go and
// plan_modifiers.go. The policies list itself (rules, schema, validation,
// conversion to the API) is internal/policy's.
package policytests
