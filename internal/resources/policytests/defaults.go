package policytests

import "time"

// How long each operation may take unless its `timeouts` block says
// otherwise; the schemas' timeouts descriptions state the same values.
const (
	// defaultCreateTimeout bounds the resource's wait for its test at apply.
	defaultCreateTimeout = 20 * time.Minute
	// defaultRefreshTimeout bounds the resource's read on refresh: one call.
	defaultRefreshTimeout = 5 * time.Minute
	// defaultReadTimeout bounds a data source read or an ephemeral open that
	// starts tests and waits for them.
	defaultReadTimeout = 20 * time.Minute
	// defaultUsersReadTimeout bounds reading a test and every page of its
	// users.
	defaultUsersReadTimeout = 10 * time.Minute
	// defaultInvokeTimeout bounds an action's tests, as defaultReadTimeout
	// bounds the data sources'.
	defaultInvokeTimeout = 20 * time.Minute
)

// The token permissions the calls need, named in the diagnostics of a
// call the API refused.
const (
	writePermission = "Access: Policy Test Write"
	readPermission  = "Access: Policy Test Read"
	appsPermission  = "Access: Apps and Policies Read"
)
