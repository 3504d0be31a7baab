package emulator

// Codes the emulator invented. Cloudflare's public schema for the policy
// test endpoints declares only 200 and 400 answers and no error codes, so
// these four, and the 404 answer for an unknown test, are this emulator's
// own, chosen so that tests can tell the failures apart. Nothing outside
// the emulator may rely on them: the provider reports whatever code and
// message the API sends.
const (
	codeInvalidStart       = 12130 // emulator's own: the start call's body breaks the contract
	codeUnknownPolicy      = 12131 // emulator's own: a reusable policy id not in the directory
	codeUnknownTest        = 12132 // emulator's own, answered with 404: no such test in the account
	codeInvalidUsersArg    = 12133 // emulator's own: page, per_page or status out of range
	codeUnknownApplication = 12130 // emulator's own, answered with 404: no such application
)
