// Package fwshim holds every place where the provider steps around
// terraform-plugin-framework's own machinery because that machinery costs
// more than the work around it, and nothing else:
//
//   - cached_types.go: list-nested attributes whose types are built once
//     instead of at every step of every path the framework resolves;
//   - state_values.go: reading and writing top-level attributes of a state
//     value directly, instead of converting the whole value through
//     reflection (Get and Set);
//   - element_paths.go: validators whose diagnostics land on a top-level
//     list element, the deepest place Terraform can show a source line for;
//   - convert.go: one resource schema converted to the data source, action
//     and ephemeral resource schema types, so each attribute is written once.
//
// Each file has a differential test against the plain framework behaviour it
// replaces (same types, same values, same paths, same diagnostics): a
// framework upgrade that changes what a shim relies on fails the test named
// after that shim. What each one saves is measured in BENCHMARKS.md.
package fwshim
