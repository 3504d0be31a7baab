package emulator

import (
	_ "embed"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
)

//go:embed directory.schema.json
var directorySchema []byte

// The documented directory format and the decoder agree field for field,
// and the sample directory follows it.
func TestDirectorySchema_MatchesDecoder(t *testing.T) {
	var schema struct {
		Required   []string `json:"required"`
		Properties map[string]struct {
			Items struct {
				Required   []string                   `json:"required"`
				Properties map[string]json.RawMessage `json:"properties"`
			} `json:"items"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(directorySchema, &schema); err != nil {
		t.Fatal(err)
	}
	jsonNames := func(typ reflect.Type) []string {
		var names []string
		for i := range typ.NumField() {
			if name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ","); name != "" && name != "-" {
				names = append(names, name)
			}
		}
		slices.Sort(names)
		return names
	}
	keys := func(m any) []string {
		var names []string
		for _, k := range reflect.ValueOf(m).MapKeys() {
			names = append(names, k.String())
		}
		slices.Sort(names)
		return names
	}
	if got, want := keys(schema.Properties), jsonNames(reflect.TypeFor[Directory]()); !slices.Equal(got, want) {
		t.Errorf("directory fields: schema %v, decoder %v", got, want)
	}
	users := schema.Properties["users"].Items
	if got, want := keys(users.Properties), jsonNames(reflect.TypeFor[User]()); !slices.Equal(got, want) {
		t.Errorf("user fields: schema %v, decoder %v", got, want)
	}
	// The loader refuses unknown fields, so the sample proves the names.
	if _, err := ParseDirectory(sampleDirectory); err != nil {
		t.Errorf("the sample directory: %v", err)
	}
}
