// Package emulator serves Cloudflare's Access policy-test API from memory,
// for the provider's tests and for `make demo`.
//
// It serves, under /client/v4:
//
//	POST /accounts/{account_id}/access/policy-tests                 start a test
//	GET  /accounts/{account_id}/access/policy-tests/{id}            status and counters
//	GET  /accounts/{account_id}/access/policy-tests/{id}/users      one page of users
//
// with Cloudflare's envelope and error shape. It checks credentials (an
// API token, or an API key with its email), validates start calls as the
// API contract describes (unknown fields, JSON types, enums, required
// fields, exactly one rule type per rule) and answers 400 with the JSON
// pointer of the first offending field. Reusable policy ids resolve against
// the directory's saved policies.
//
// # Evaluation model
//
// The real service's internals are not public; this model is ours, chosen to
// be simple and predictable.
//
//   - A policy matches a user when at least one include rule matches, every
//     require rule matches and no exclude rule matches.
//   - Per user, policies apply in the order of execution Cloudflare
//     documents for Access applications
//     (https://developers.cloudflare.com/cloudflare-one/policies/access/#order-of-execution):
//     Bypass and Service Auth (non_identity) policies first, then Allow and
//     Block (deny) policies from the top of the list down; the first policy
//     that matches decides, and a user no policy matches is blocked. So a
//     matching bypass approves wherever it stands, a deny above a matching
//     allow blocks, and a deny below it changes nothing. non_identity
//     policies never match a person. A directory user marked unevaluable
//     counts as error.
//   - Rules read the directory: email (case-insensitive), email_domain (the
//     part after @), everyone, email_list and ip_list (lists in the
//     directory), group (Access group ids), geo (country), ip (the user's
//     last IP within the range), login_method (identity provider),
//     gsuite/okta/azure_ad/github_organization (same identity provider, and
//     the group email, group name, group id or "org" / "org/team" among the
//     user's identity-provider groups), saml/oidc (same identity provider,
//     and the value among the user's attribute or claim values),
//     auth_method, device_posture (checks the latest device passes; the
//     integration's owning account_id is accepted and changes nothing),
//     user_risk_score (unscored when absent), auth_context (same identity
//     provider and ac_id among the contexts satisfied) and
//     cloudflare_account_member (membership of the named account, or of the
//     test's account when none is named).
//   - certificate, common_name, service_token, any_valid_service_token,
//     external_evaluation and linked_app_token concern machines or outside
//     services, which a directory cannot decide: they never match a person.
//   - Percentages are of processed users, rounded to the nearest integer.
//
// # Directory
//
// Tests are evaluated against a directory of users, lists and saved
// reusable policies: the built-in sample_directory.json, or a file given to
// cmd/emulator with -directory. Its format is directory.schema.json (JSON
// Schema); unknown fields are refused.
//
// # Accounts
//
// Every well-formed account id is served, unless Options.Account (-account)
// names the only one the credentials reach: other accounts are answered as
// Cloudflare answers an account a token cannot reach, 403 with code 9109.
//
// # Progress
//
// A test reports processing for Options.CompleteAfterPolls status reads
// (half the users processed), or until Options.CompleteAfter has passed
// (users processed at an even pace), then its final status: complete,
// blocked, or exceeded time (three quarters processed). Options.UncoveredUsers
// (-uncovered-users) makes a complete test leave out its last users: they are
// in no counter and no listing, total_users still counts them, and the
// processed share says what was covered: a test that contradicts itself.
//
// # Rate limits
//
// Options.RateLimit answers 429 beyond a number of requests per second.
// Options.Budget (-budget-quota, -budget-window) is Cloudflare's limit as its
// headers document it: a fixed window of Quota requests shared by every
// client of one emulator, reported on every answer as
// `Ratelimit: "default";r=R;t=T` and `Ratelimit-Policy: "default";q=Q;w=W`,
// and answered with 429 and Retry-After (the seconds to the reset) once
// spent. Budget.Silent keeps the budget but sends no Ratelimit headers.
//
// # Request log
//
// Every request is kept for tests (Requests). Options.RequestLog (-log FILE)
// also gets each one once answered, as a JSON line of its time, method,
// path, query and status: no header and no body, so that no credential and
// nobody's name is written down.
//
// # Error codes
//
// Cloudflare's general API codes, as its other APIs send them: 6003 missing
// or malformed credentials (400), 10000 unknown credentials (401) or
// missing permission (403), 9109 an account the credentials do not reach
// (403), 7003 no route or a malformed account id, 971 the rate limit (429
// with Retry-After).
//
// The emulator's own codes (codes.go): the public schema of these
// endpoints declares only 200 and 400 and no codes, so 12130 an invalid
// start call, 12131 an unknown reusable policy, 12132 an unknown test
// (answered with 404) and 12133 an invalid users query are inventions that
// let tests tell the failures apart, not Cloudflare's.
//
// Options.TestIDs gives the next tests started known ids, so that a
// configuration can name a test before it exists (an import block's literal
// id). Tests inject faults with InjectFault (status codes, delays, broken
// bodies, and users pages whose rows contradict the filter, repeat a user
// or fall short of the counters) and read what arrived with Requests.
package emulator
