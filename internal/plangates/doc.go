// Package plangates derives the change gates a Terraform plan needs: from
// the JSON of a plan (`terraform show -json tfplan`) made with the official
// Cloudflare provider, and the account's Access applications as the API
// lists them, the policy list each affected application has today
// (current) and would have after the plan (candidate), in order of
// precedence, each entry a policy as a policy test takes it: a reusable
// policy by id, or inline fields named as in Terraform.
//
// An application is affected when the plan creates, updates, replaces or
// deletes it, or when it uses (in the account, whether or not the
// configuration manages it) a reusable policy the plan edits or deletes.
// What a test would evaluate decides, not the plan's before and after: a
// policy named by id is resolved to its live content through the account,
// and an application whose lists evaluate the same is left out (the
// official provider plans updates that change no access: false booleans
// read back as null, an application's own policies read back by id).
//
// Whatever the plan does not let it decide (a value known only during
// apply that the configuration does not pin down, a policy the account
// does not have) is a Problem of that application, never a guess: its gate
// must fail naming it.
//
// The package needs no Terraform: an HCP Terraform run task is handed the
// same JSON.
package plangates
