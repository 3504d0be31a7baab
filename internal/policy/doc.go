// Package policy is the part of the provider that follows the API contract
// and the official provider's cloudflare_zero_trust_access_policy: the 26
// rule types (rules.go), the schema of a policies list built from them
// (schema.go) with its element validator (validator.go), the conversion of
// a configured list into the body of a start call (expand.go), and the way
// back from a JSON pointer in an API error to the attribute it names
// (pointer.go).
//
// It knows nothing of resources, data sources or actions: each of them
// takes List for its attribute, Expand for its start call and PathOf for
// the API's errors.
package policy
