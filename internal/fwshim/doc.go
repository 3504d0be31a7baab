// Package fwshim holds every place where the provider steps around
// terraform-plugin-framework's own machinery, and nothing else. Each
// workaround is there for one reason:
//
//   - cached_types.go, for speed: list-nested attributes whose types are
//     built once instead of at every step of every path the framework
//     resolves, which otherwise dominates a plan of the rule lists;
//   - state_values.go, for speed: reading and writing top-level attributes
//     of a state value directly, instead of converting the whole value
//     through reflection (Get and Set);
//   - element_paths.go, for where an error is shown: validators whose
//     diagnostics land on a top-level list element, the deepest place
//     Terraform can show a source line for, with the full path in the
//     detail;
//   - convert.go, for one definition of each attribute: the framework has a
//     schema package each for resources, data sources, actions and
//     ephemeral resources, with no conversion between them; the shared
//     attributes are written once, in the resource's types, and converted,
//     so that all accept exactly the same configuration.
//
// Each file has a differential test against the plain framework behaviour it
// replaces (same types, same values, same paths, same diagnostics): a
// framework upgrade that changes what a shim relies on fails the test named
// after that shim. What the speed workarounds save is measured in
// BENCHMARKS.md.
package fwshim
